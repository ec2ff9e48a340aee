from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from parindex.api.api import api
from parindex.assessments import entry_views as assessment_pages
from parindex.assessments import evidence_views
from parindex.assessments import views as cycles
from parindex.audit.views import audit_list
from parindex.frameworks import views as frameworks
from parindex.org import views as org
from parindex.org import workbook_views
from parindex.plans import library_views as plan_library
from parindex.plans import views as plans
from parindex.results import plan_views as result_plans
from parindex.results import views as results
from parindex.web.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("units/", org.unit_list, name="unit_list"),
    path("units/new/", org.unit_create, name="unit_create"),
    path("units/<int:pk>/", org.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", org.unit_edit, name="unit_edit"),
    path("units/build/", org.province_build, name="province_create_from_list"),
    path("units/import/", workbook_views.units_import, name="units_import"),
    path(
        "units/import/template/",
        workbook_views.units_import_template,
        name="units_import_template",
    ),
    path("units/export/", workbook_views.units_export, name="units_export"),
    path("units/<int:pk>/build/", org.province_build, name="province_build"),
    path("lineage/new/", org.lineage_create, name="lineage_create"),
    path("groups/", org.group_list, name="group_list"),
    path("groups/new/", org.group_create, name="group_create"),
    path("groups/<int:pk>/", org.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", org.group_edit, name="group_edit"),
    path("people/", org.person_list, name="person_list"),
    path("people/new/", org.person_create, name="person_create"),
    path("people/<int:pk>/", org.person_detail, name="person_detail"),
    path("people/<int:pk>/assign/", org.person_assign, name="person_assign"),
    path("people/<int:pk>/invite/", org.person_invite, name="person_invite"),
    path("invite/<str:secret>/", org.invitation_accept, name="invitation_accept"),
    path("assignments/<int:pk>/revoke/", org.assignment_revoke, name="assignment_revoke"),
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/load/", frameworks.framework_load, name="framework_load"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path(
        "frameworks/<int:pk>/nodes/<str:node_id>/",
        frameworks.framework_node,
        name="framework_node",
    ),
    path(
        "frameworks/<int:pk>/export.<str:kind>",
        frameworks.framework_export,
        name="framework_export",
    ),
    path("results/", results.results_list, name="results_list"),
    path("results/<int:pk>/", results.result_detail, name="result_detail"),
    path("results/<int:pk>/<str:table>.xlsx", results.result_export, name="result_export"),
    path("results/<int:pk>/plan/", result_plans.result_plan, name="result_plan"),
    path("results/<int:pk>/plan.docx", result_plans.result_plan_docx, name="result_plan_docx"),
    path("results/<int:pk>/plan/create/", plans.plan_create, name="plan_create"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/items/<int:item>/", plans.plan_item, name="plan_item"),
    path("plans/<int:pk>/items/<int:item>/move/", plans.plan_item_move, name="plan_item_move"),
    path("plans/<int:pk>/targets/new/", plans.plan_target_new, name="plan_target_new"),
    path("plans/<int:pk>/targets/<int:target>/", plans.plan_target_edit, name="plan_target_edit"),
    path(
        "plans/<int:pk>/targets/<int:target>/remove/",
        plans.plan_target_remove,
        name="plan_target_remove",
    ),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/reopen/", plans.plan_reopen, name="plan_reopen"),
    path("plans/<int:pk>/plan.docx", plans.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/plan.xlsx", plans.plan_items_xlsx, name="plan_items_xlsx"),
    path("plans/<int:pk>/versions/", plans.plan_versions, name="plan_versions"),
    path(
        "plans/<int:pk>/versions/<int:number>.docx",
        plans.plan_version_docx,
        name="plan_version_docx",
    ),
    path("plans/solutions/", plan_library.solution_list, name="solution_list"),
    path("plans/solutions/new/", plan_library.solution_new, name="solution_new"),
    path("plans/solutions/<int:pk>/", plan_library.solution_edit, name="solution_edit"),
    path(
        "plans/solutions/<int:pk>/remove/",
        plan_library.solution_remove,
        name="solution_remove",
    ),
    path("units/<int:pk>/plan-template/", plan_library.plan_template, name="plan_template"),
    path("results/ranking/", results.group_ranking, name="group_ranking"),
    path("results/ranking.xlsx", results.group_export, name="group_export"),
    path("results/import/", results.results_import, name="results_import"),
    path(
        "results/import/template/",
        results.results_import_template,
        name="results_import_template",
    ),
    path("results/import/<int:pk>/", results.results_import_preview, name="results_import_preview"),
    path(
        "results/import/<int:pk>/cancel/",
        results.results_import_cancel,
        name="results_import_cancel",
    ),
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/stages/<str:kind>/", cycles.stage_edit, name="stage_edit"),
    path("cycles/<int:pk>/people/", cycles.cycle_people, name="cycle_people"),
    path("cycles/<int:pk>/approve/", cycles.cycle_approve, name="cycle_approve"),
    path("cycles/<int:pk>/publish/", cycles.cycle_publish, name="cycle_publish"),
    path("cycles/<int:pk>/remind/", cycles.cycle_remind, name="cycle_remind"),
    path("assessments/<int:pk>/", assessment_pages.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<int:pk>/submit/", assessment_pages.assessment_submit, name="assessment_submit"
    ),
    path(
        "assessments/<int:pk>/return/", assessment_pages.assessment_return, name="assessment_return"
    ),
    path(
        "assessments/<int:pk>/history.xlsx",
        assessment_pages.assessment_history_xlsx,
        name="assessment_history_xlsx",
    ),
    path(
        "assessments/<int:pk>/workbook.xlsx",
        assessment_pages.assessment_workbook,
        name="assessment_workbook",
    ),
    path(
        "assessments/<int:pk>/workbook/",
        assessment_pages.assessment_upload,
        name="assessment_upload",
    ),
    path(
        "assessments/<int:pk>/<str:kind>.docx",
        assessment_pages.assessment_document,
        name="assessment_document",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/",
        assessment_pages.entry_row,
        name="entry_row",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/evidence/",
        assessment_pages.entry_evidence,
        name="entry_evidence",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/review/",
        assessment_pages.entry_review,
        name="entry_review",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/explain/",
        assessment_pages.entry_explain,
        name="entry_explain",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/correct/",
        assessment_pages.entry_correct,
        name="entry_correct",
    ),
    path(
        "assessments/<int:pk>/entries/<int:entry>/history/",
        assessment_pages.entry_history,
        name="entry_history",
    ),
    path("units/<int:pk>/evidence/", evidence_views.evidence_register, name="evidence_register"),
    path("evidence/<int:pk>/file/", evidence_views.evidence_file, name="evidence_file"),
    path("audit/", audit_list, name="audit_list"),
    path("tokens/", include("parindex.api.page_urls")),
    path("api/", api.urls),
]
