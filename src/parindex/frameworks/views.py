"""Framework pages: the list, loading a file, the tree with rules in words, completing a
node, and exporting as YAML or Excel. The work is parindex.frameworks.actions' and io's."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from parindex.access import get_in_scope, scope
from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused, ProblemsRefused
from parindex.core.framework import Framework, Node
from parindex.frameworks import actions
from parindex.frameworks.forms import FrameworkLoadForm, NodeCompleteForm
from parindex.frameworks.models import StoredFramework
from parindex.io import framework_file, framework_workbook
from parindex.io import render as io_render
from parindex.org import policy
from parindex.web.http import AuthenticatedRequest
from parindex.web.messages import language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class NodeView:
    node: Node
    depth: int
    max_points: Decimal | None
    rule: str  # the rule in words, "" when unknown
    missing: bool  # its max or (for a leaf) its rule is still unknown
    children: list["NodeView"] = field(default_factory=list)

    @property
    def title(self) -> str:
        if language() == "en" and self.node.title_en:
            return self.node.title_en
        return self.node.title


def _tree(nodes: tuple[Node, ...], depth: int) -> list[NodeView]:
    views = []
    for node in nodes:
        known = node.known_max()
        rule = ""
        if node.rule is not None and known is not None:
            rule = io_render.describe(node.rule, known, language())
        views.append(
            NodeView(
                node=node,
                depth=depth,
                max_points=known,
                rule=rule,
                missing=known is None or (node.is_leaf and node.rule is None),
                children=_tree(node.children, depth + 1),
            )
        )
    return views


def _total(framework: Framework) -> Decimal | None:
    """The framework's maximum, when every field's is known (unknown is not zero)."""
    maxima = [node.known_max() for node in framework.nodes]
    if not maxima or any(value is None for value in maxima):
        return None
    return sum((value for value in maxima if value is not None), Decimal(0))


@login_required
def framework_list(request: AuthenticatedRequest) -> HttpResponse:
    frameworks = scope(request.user, StoredFramework, "view").select_related("owner")
    context = {"frameworks": frameworks, "may_load": policy.manages_a_subtree(request.user)}
    return render(request, "frameworks/framework_list.html", context)


@login_required
def framework_load(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    national = policy.is_administrator(request.user)
    form = FrameworkLoadForm(
        request.POST or None,
        request.FILES or None,
        owners=actions.owners_offered(request.user),
        national=national,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = actions.load_framework(
                request.user,
                data=upload.read(),
                filename=upload.name,
                owner=form.cleaned_data["owner"],
                reason=form.cleaned_data["reason"],
            )
        except ProblemsRefused as refused:
            problems = refused.lines
        except ActionRefused as refused:
            form.add_error(refused.field, str(refused.message))
        else:
            loaded = _("The framework “%(title)s” was loaded.") % {"title": stored.title}
            messages.success(request, loaded)
            return redirect("framework_detail", pk=stored.pk)
    return render(request, "frameworks/framework_load.html", {"form": form, "problems": problems})


@login_required
def framework_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stored = get_in_scope(request.user, StoredFramework, "view", pk=pk)
    framework = actions.framework_of(stored)
    may_complete = (
        not stored.built_in
        and scope(request.user, StoredFramework, "manage").filter(pk=stored.pk).exists()
    )
    history = scope(request.user, AuditEvent, "view").filter(
        object_type="frameworks.storedframework", object_id=str(stored.pk)
    )[:20]
    context = {
        "stored": stored,
        "framework": framework,
        "tree": _tree(framework.nodes, 1),
        "missing": framework.missing(),
        "total": _total(framework),
        "may_complete": may_complete,
        "history": history,
    }
    return render(request, "frameworks/framework_detail.html", context)


@login_required
def framework_node(request: AuthenticatedRequest, pk: int, node_id: str) -> HttpResponse:
    stored = get_in_scope(request.user, StoredFramework, "manage", pk=pk)
    if stored.built_in:
        raise PermissionDenied
    framework = actions.framework_of(stored)
    node = framework.by_id(node_id)
    if node is None:
        raise Http404
    initial = {
        "max_points": node.max_points,
        "rule": framework_file.rule_text(node.rule) if node.rule is not None else "",
        "version": stored.version,
    }
    form = NodeCompleteForm(request.POST or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.complete_node(
                request.user,
                stored,
                version=data["version"],
                node_id=node.id,
                max_points=data["max_points"],
                rule=data["rule"],
                reason=data["reason"],
            )
        except ProblemsRefused as refused:
            problems = refused.lines
        except ActionRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            return redirect(reverse("framework_detail", args=[stored.pk]) + f"#node-{node.id}")
    context = {"stored": stored, "node": node, "form": form, "problems": problems}
    return render(request, "frameworks/node_form.html", context)


@login_required
def framework_export(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in {"yaml", "xlsx"}:
        raise Http404
    stored = get_in_scope(request.user, StoredFramework, "view", pk=pk)
    framework = actions.framework_of(stored)
    if kind == "xlsx":
        response = HttpResponse(framework_workbook.write(framework, language()), content_type=XLSX)
    else:
        response = HttpResponse(
            framework_file.dump(framework), content_type="application/yaml; charset=utf-8"
        )
    filename = f"{stored.key}.{kind}"
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
