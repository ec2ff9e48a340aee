"""The yearly assessment cycle in Chromium: a commune's officer fills the self-assessment
row by row (each row saves itself as it is typed, htmx), registers and attaches evidence and
submits; an appraiser deducts with a reason (and is refused without one), the officer
explains, the appraiser accepts in round 2, the council approves and the coordinator
publishes. And two officers typing into the same criterion: the second is refused, not
overwritten, and loses nothing."""

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from parindex.assessments import actions, build, pages
from parindex.assessments.models import AssessmentState, Document, Entry, Explanation, Review
from parindex.core import assessment as core
from parindex.core.assessment import StageKind
from parindex.org import actions as org_actions
from parindex.org.models import Role
from parindex.results.models import Result
from tests.browser.conftest import Shoot
from tests.browser.test_roles_in_browser import log_in
from tests.cast import PASSWORD, PDF, World, open_only

LogIn = Callable[[str], Page]


@pytest.fixture
def person(browser: Browser, live_server: LiveServer) -> Iterator[LogIn]:
    """A browser of their own for each person, logged in; all closed before the live server
    stops (see the `page` fixture)."""
    contexts: list[BrowserContext] = []

    def log_in_as(username: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server, username)
        return page

    yield log_in_as
    for context in contexts:
        context.close()


def vi(text: str) -> str:
    """The app's words as a Vietnamese page shows them (the catalogue's, else the source's)."""
    with translation.override("vi"):
        return translation.gettext(text)


def entries(world: World, unit: str = "a1") -> dict[str, Entry]:
    assessment = getattr(world, f"assessment_{unit}")
    return {entry.code: entry for entry in assessment.entries.all()}


def box(entry: Entry) -> str:
    """The selector of the entry's one input (every criterion of FRAMEWORK_A reads one)."""
    [name] = pages.input_names(entry)
    return f"#in-{entry.pk}-{name}"


def fill_and_submit_a2(world: World) -> None:
    """Commune A2 enters and submits through the named writes: publication needs every unit."""
    officer = org_actions.create_user(
        world.admin,
        username="officer_a2",
        full_name="officer_a2",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=world.commune_a2,
    )
    typed = {"1.1": {"met": "có"}, "1.2": {"ratio": "0,8"}, "2.1": {"count": "1"}}
    typed["2.2"] = {"score": "2"}
    for code, entry in entries(world, "a2").items():
        actions.save_entry(officer, entry, version=entry.version, inputs=typed[code])
    world.assessment_a2.refresh_from_db()
    actions.submit_assessment(officer, world.assessment_a2, version=world.assessment_a2.version)


def test_the_whole_cycle_with_three_people(
    person: LogIn, live_server: LiveServer, world: World, screenshot: Shoot, tmp_path: Path
) -> None:
    a1 = world.assessment_a1
    rows = entries(world)
    url = f"{live_server.url}/assessments/{a1.pk}/"

    # The officer finds the self-assessment from the cycles page and types each criterion.
    officer = person("officer_a")
    officer.locator("nav a[href='/cycles/']").click()
    officer.locator("#mine").get_by_role("link", name="Xã Alpha Một").click()
    expect(officer).to_have_url(url)
    totals = officer.locator("#totals")
    scored = totals.locator("progress")
    expect(scored).to_have_attribute("value", "0")

    steps = [  # criterion, how it is typed, its points, the running total
        ("1.1", "true", "2,00", "2,00"),
        ("1.2", "92%", "2,76", "4,76"),
        ("2.1", "3", "2,25", "7,01"),
        ("2.2", "1,5", "1,50", "8,51"),
    ]
    for number, (code, typed, points, total) in enumerate(steps, start=1):
        row = rows[code]
        field = officer.locator(box(row))
        shown = officer.locator(f"#pts-{row.pk}")
        expect(shown).to_have_text("—")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(typed)
        else:
            field.press_sequentially(typed, delay=60)  # each key an input event: debounced
        expect(shown).to_have_text(points)
        expect(officer.locator(f"#why-{row.pk}")).not_to_be_empty()
        expect(officer.locator(f"#err-{row.pk}")).to_be_empty()
        expect(totals).to_contain_text(total)
        expect(scored).to_have_attribute("value", str(number))
    expect(officer.locator(f"#why-{rows['1.2'].pk}")).to_contain_text("92%")
    expect(officer.locator(f"#why-{rows['2.1'].pk}")).to_contain_text("3 hồ sơ trễ hạn")
    saved = {code: Entry.objects.get(pk=row.pk) for code, row in rows.items()}
    assert {code: e.inputs for code, e in saved.items()} == {
        "1.1": {"met": "true"},
        "1.2": {"ratio": "0.92"},
        "2.1": {"count": "3"},
        "2.2": {"score": "1.5"},
    }
    assert [saved[code].self_points for code, *_ in steps] == [
        Decimal("2"),
        Decimal("2.76"),
        Decimal("2.25"),
        Decimal("1.5"),
    ]
    screenshot(officer, "cycle-officer-filled")

    # The register: a decision as a PDF (other bytes than the cast's document, already there).
    officer.locator(f"a[href='/units/{world.commune_a1.pk}/evidence/']").click()
    pdf = tmp_path / "quyet-dinh-cong-khai-tthc.pdf"
    pdf.write_bytes(PDF + b"% Quyet dinh 45/QD-UBND\n")
    form = officer.locator("#register-form")
    form.get_by_label(vi("Number and symbol")).fill("45/QĐ-UBND")
    form.get_by_label(vi("Date of issue")).fill("20/01/2026")
    form.get_by_label(vi("Issuing body")).fill("UBND Xã Alpha Một")
    form.get_by_label(vi("Title"), exact=False).fill("Quyết định công khai thủ tục hành chính")
    form.locator("input[type=file][name=file]").set_input_files(str(pdf))
    form.locator("button[type=submit]").click()
    register = officer.locator("#register")
    expect(register.locator("tbody tr")).to_have_count(2)
    expect(register).to_contain_text("45/QĐ-UBND")
    expect(register).to_contain_text("20/01/2026")
    expect(register).to_contain_text("quyet-dinh-cong-khai-tthc.pdf")
    document = Document.objects.get(owner=world.commune_a1, number="45/QĐ-UBND")
    assert document.uploaded_by == world.officer_a
    screenshot(officer, "cycle-evidence-register")

    # Attached to 1.1 (the row comes back with it), then submitted.
    officer.goto(url)
    evidence = officer.locator(f"#entry-{rows['1.1'].pk} form[action$='/evidence/']")
    evidence.locator("select[name=documents]").select_option(str(document.pk))
    evidence.locator("button[type=submit]").click()
    expect(officer.locator(f"#entry-{rows['1.1'].pk}")).to_contain_text(
        "45/QĐ-UBND Quyết định công khai thủ tục hành chính"
    )
    assert list(Entry.objects.get(pk=rows["1.1"].pk).documents.all()) == [document]
    officer.locator("#submit button[type=submit]").click()
    expect(officer.locator("#assessment-state")).to_contain_text(vi("submitted"))
    expect(officer.locator("#submit")).to_have_count(0)
    expect(officer.locator(f"{box(rows['1.2'])}")).to_have_count(0)  # locked
    a1.refresh_from_db()
    assert (a1.state, a1.submitted_by) == (AssessmentState.SUBMITTED, world.officer_a)
    fill_and_submit_a2(world)

    # Appraisal: a deduction on 1.2 is refused without its reason, then made with one.
    open_only(world, StageKind.APPRAISAL)
    appraiser = person("appraiser_a")
    appraiser.goto(url)
    deducted = rows["1.2"]
    line = appraiser.locator(f"#entry-{deducted.pk}")
    review = line.locator("form.review")
    expect(review.locator("[name=points]")).to_have_value("2,76")  # starts from the claim
    review.locator("[name=points]").fill("2")
    review.locator("button[type=submit]").click()
    expect(appraiser.locator(f"#err-{deducted.pk}")).to_have_text(
        vi("Write the reason for the deduction.")
    )
    assert not Review.objects.filter(entry=deducted).exists()
    review.locator("[name=points]").fill("2")
    review.locator("[name=reason]").fill("Tỷ lệ thực tế 67%")
    review.locator("[name=level]").fill("Sở Nội vụ Alpha")
    review.locator("button[type=submit]").click()
    expect(appraiser.locator(f"#err-{deducted.pk}")).to_be_empty()
    expect(line).to_contain_text("Tỷ lệ thực tế 67%")
    expect(line).to_contain_text("Sở Nội vụ Alpha")
    appraisal = line.locator("td").nth(6)  # code, criterion, max, inputs, points, evidence
    expect(appraisal.locator("strong")).to_have_text("2,00")
    expect(appraiser.locator("#totals")).to_contain_text("7,75")  # 8,51 − 0,76
    first = Review.objects.get(entry=deducted, round=1)
    assert (first.points, first.reason, first.level, first.by) == (
        Decimal(2),
        "Tỷ lệ thực tế 67%",
        "Sở Nội vụ Alpha",
        world.appraiser_a,
    )
    screenshot(appraiser, "cycle-appraiser-deducted")

    # Explanation: the officer answers the deduction (only that row asks for one).
    open_only(world, StageKind.EXPLANATION)
    officer.goto(url)
    explain = officer.locator("form[action$='/explain/']")
    expect(explain).to_have_count(1)
    answer = "Tỷ lệ tính trên văn bản đi; đã gửi kèm sổ theo dõi văn bản điện tử."
    explain.locator("[name=text]").fill(answer)
    explain.locator("button[type=submit]").click()
    expect(officer.locator(f"#entry-{deducted.pk}")).to_contain_text(answer)
    assert Explanation.objects.get(entry=deducted).text == answer

    # Second appraisal: the appraiser accepts, round 2 back to the claim.
    open_only(world, StageKind.SECOND_APPRAISAL)
    appraiser.goto(url)
    line = appraiser.locator(f"#entry-{deducted.pk}")
    expect(line.locator("form.review")).to_have_count(1)  # round 2's, after the explanation
    expect(line.locator("form.review [name=round]")).to_have_value("2")
    expect(line.locator("form.review [name=points]")).to_have_value("2,76")
    line.locator("form.review button[type=submit]").click()
    second_round = line.locator("td").nth(8)
    expect(second_round.locator("strong")).to_have_text("2,76")
    expect(appraiser.locator(f"#err-{deducted.pk}")).to_be_empty()
    expect(appraiser.locator("#totals")).to_contain_text("8,51")
    assert Review.objects.get(entry=deducted, round=2).points == Decimal("2.76")

    # Council approves; the coordinator publishes.
    cycle_url = f"{live_server.url}/cycles/{world.cycle_a.pk}/"
    open_only(world, StageKind.COUNCIL)
    council = person("council_a")
    council.goto(cycle_url)
    council.locator("#approve button[type=submit]").click()
    expect(council.locator("#approve")).to_have_count(0)
    expect(council.get_by_text(vi("The council's approval is recorded."))).to_be_visible()
    world.cycle_a.refresh_from_db()
    assert world.cycle_a.council_approved_by == world.council_a

    open_only(world, StageKind.PUBLICATION)
    coordinator = person("coord_a")
    coordinator.goto(cycle_url)
    coordinator.locator("#publish button[type=submit]").click()
    expect(coordinator.locator("#publish")).to_have_count(0)
    expect(coordinator.get_by_text(vi("The results are published."))).to_be_visible()

    # The published result is what core computes from the same sheets.
    cycle = world.cycle_a
    cycle.refresh_from_db()
    assert cycle.published_by == world.coord_a
    sheets = {a.unit.code: build.sheet(build.entries(a)) for a in cycle.assessments.all()}
    groups = {g.name: [u.code for u in g.units.all()] for g in cycle.groups.all()}
    computed = core.publish(build.framework(cycle), sheets, groups)[world.commune_a1.code]
    result = Result.objects.get(unit=world.commune_a1, year=2026)
    assert result.published_total == computed.total == Decimal("8.51")
    assert result.published_index == computed.index
    assert result.published_rank == computed.rank
    total = f"{computed.total:.2f}".replace(".", ",")
    a1_line = coordinator.locator("#units tbody tr", has_text="Xã Alpha Một")
    expect(a1_line.get_by_role("link", name=total)).to_be_visible()
    screenshot(coordinator, "cycle-dashboard-published")
    a1_line.get_by_role("link", name=total).click()
    expect(coordinator).to_have_url(f"{live_server.url}/results/{result.pk}/")
    expect(coordinator.locator("#headline strong").first).to_have_text(total)


def test_two_officers_saving_the_same_criterion(
    person: LogIn, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    org_actions.create_user(
        world.admin,
        username="officer_a1b",
        full_name="Nguyễn Văn Bảy",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=world.commune_a1,
    )
    row = entries(world)["2.1"]
    url = f"{live_server.url}/assessments/{world.assessment_a1.pk}/"
    first, second = person("officer_a"), person("officer_a1b")
    first.goto(url)
    second.goto(url)
    draft = f"parindex-draft-{row.pk}"

    # The first saves 2 late dossiers: 3 − 2 × 0,25.
    first.locator(box(row)).press_sequentially("2")
    expect(first.locator(f"#pts-{row.pk}")).to_have_text("2,50")
    expect(first.locator(f"#ver-{row.pk}")).to_have_value("2")
    expect(first.locator(f"#err-{row.pk}")).to_be_empty()
    assert first.evaluate(f"localStorage.getItem('{draft}')") is None  # saved: no draft

    # The second, on the page as it was, types 5: refused, their 5 kept in the row.
    typed = second.locator(box(row))
    typed.press_sequentially("5")
    refusal = vi(
        "%(who)s saved this criterion while you were typing: your entry is kept here "
        "but not saved. Reload to see theirs, then save yours again if it is right."
    ) % {"who": "officer_a"}
    expect(second.locator(f"#err-{row.pk}")).to_have_text(refusal)
    expect(typed).to_have_value("5")
    expect(second.locator(f"#pts-{row.pk}")).to_have_text("2,50")  # the first's, not 5's 1,75
    row.refresh_from_db()
    assert (row.inputs, row.self_points, row.updated_by) == (
        {"count": "2"},
        Decimal("2.5"),
        world.officer_a,
    )
    assert second.evaluate(f"JSON.parse(localStorage.getItem('{draft}'))['in-count']") == "5"
    screenshot(second, "cycle-second-officer-refused")

    # Reloaded: the saved criterion is the first's (its points and why); the second's 5 comes
    # back from the browser's draft, marked and unsaved, and is not sent by itself.
    posts: list[Request] = []
    second.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    second.reload()
    expect(second.locator(f"#pts-{row.pk}")).to_have_text("2,50")
    expect(second.locator(f"#why-{row.pk}")).to_contain_text("2 hồ sơ trễ hạn")
    expect(typed).to_have_value("5")
    expect(second.locator(f"form[data-draft='{row.pk}']")).to_have_class("entry restored")
    restored = vi(
        "What you typed here before was not saved: it is put back, unsaved. "
        "Check it and change anything to save it."
    )
    expect(second.locator(f"#err-{row.pk}")).to_have_text(restored)
    second.wait_for_timeout(1000)  # longer than the autosave's 800 ms: nothing may be sent
    assert posts == []
    row.refresh_from_db()
    assert (row.inputs, row.version) == ({"count": "2"}, 2)
    screenshot(second, "cycle-second-officer-draft-restored")

    # Without the draft the page shows the first's value in the input too.
    second.evaluate(f"localStorage.removeItem('{draft}')")
    second.reload()
    expect(typed).to_have_value("2")
    expect(second.locator(f"#err-{row.pk}")).to_be_empty()
