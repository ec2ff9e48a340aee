"""Officers filling in their self-assessments at once, on a served parindex, over HTTP.

Starts a throwaway PostgreSQL cluster (Debian's packages, as .ci/run does: a temporary
directory, a private port on 127.0.0.1, fsync off unless --fsync, removed on exit), migrates
it and builds, through the named writes, one province of OFFICERS communes with one unit
officer each, SHARED of those communes (a tenth by default) with a second officer, so that
two people really save the same criteria at once, and one cycle on the built-in commune
framework ("commune-example", 63 entered leaves) with the self-assessment stage open today.

It serves the app with gunicorn (gthread workers, one thread each by default: on 2 cores
more threads cost more CPU a request; production settings: DEBUG off, HTTPS off, a random
SECRET_KEY) on 127.0.0.1, and runs one client thread per officer for MINUTES. Each logs in
at /login/ (the logins spread over the first minute), loads its assessment's page, then
repeatedly, THINK seconds apart on average, saves one of its unit's criteria as the page's
htmx does (a POST with the version it last saw and HX-Request: true), taking the new version
from the answer; it loads the page again now and then (RELOAD) and after a save refused as
stale, as the refusal asks. Each save carries a note of its own, so that the database can
be checked afterwards: every save the client was told succeeded must be in its entry's
audit history (save_entry events) at the version it made, and each entry's stored inputs
and note must be those of the last save, in version order, that the clients were told of.

Prints the figures: requests, rate, latency percentiles, outcomes, CPU, the check and
"lost writes: N". It asserts nothing about time. It runs as root (PostgreSQL then runs as
the postgres user) or as an ordinary user:

    .venv/bin/python bench/assessment_load.py [--minutes 5] [--officers 200] [--shared 20]
        [--think 1.0] [--reload 0.05] [--workers 4] [--threads 1] [--fsync]
"""

import argparse
import atexit
import html
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-password-2025"
HOST = "127.0.0.1"


# The throwaway cluster and the server -------------------------------------------------------


class Services:
    """What this script started, stopped and removed on exit whatever happens."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="parindex-load-"))
        self.pg_bin: Path | None = None
        self.pg_started = False
        self.server: subprocess.Popen[bytes] | None = None
        atexit.register(self.stop)

    def as_postgres(self, program: str, *arguments: str) -> None:
        assert self.pg_bin is not None
        command = [str(self.pg_bin / program), *arguments]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            quoted = " ".join(f"'{part}'" for part in command)
            command = ["su", "postgres", "-s", "/bin/sh", "-c", f"cd / && {quoted}"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (fixed)

    def start_postgres(self, fsync: bool) -> int:
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda p: int(p.parent.parent.name),
        )
        if not found:
            sys.exit("no PostgreSQL server: apt-get install postgresql (as .ci/run does)")
        self.pg_bin = found[-1].parent
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        data, port = str(self.dir / "data"), free_port()
        self.as_postgres("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = (
            f"-p {port} -k {self.dir} -c listen_addresses={HOST} "
            f"-c fsync={'on' if fsync else 'off'}"
        )
        log = str(self.dir / "pg.log")
        self.as_postgres("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")
        self.pg_started = True
        self.as_postgres("createdb", "-h", HOST, "-p", str(port), "-U", "postgres", "parindex")
        return port

    def start_server(self, port: int, workers: int, threads: int) -> str:
        log = open(self.dir / "gunicorn.log", "wb")  # noqa: SIM115 (kept open for the child)
        command = [sys.executable, "-m", "gunicorn", "parindex.web.wsgi:application"]
        command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "120"]
        command += ["--worker-class", "gthread", "--threads", str(threads)]
        self.server = subprocess.Popen(  # noqa: S603 (fixed arguments)
            command, cwd=self.dir, stdout=log, stderr=log, start_new_session=True
        )
        base = f"http://{HOST}:{port}"
        for _ in range(300):
            if self.server.poll() is not None:
                sys.exit(f"gunicorn stopped at start:\n{self.server_log()}")
            try:
                if requests.get(f"{base}/login/", timeout=5).status_code == 200:
                    return base
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        sys.exit(f"gunicorn did not answer in 30 s:\n{self.server_log()}")

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of the gunicorn workers and of PostgreSQL."""
        server = process_cpu(self.server.pid) if self.server is not None else 0.0
        postmaster = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        return server, process_cpu(postmaster)

    def server_log(self) -> str:
        path = self.dir / "gunicorn.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()

    def stop(self) -> None:
        self.stop_server()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if self.pg_started and self.pg_bin is not None:
            self.pg_started = False
            self.as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()  # fields from the state on


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                pass
    return found


def process_cpu(pid: int) -> float:
    """Seconds of CPU of a process, of its children still running, and of those it reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in [pid, *_children(pid)]:
        try:
            fields = _stat(each)
        except OSError:
            continue
        total += sum(int(n) for n in fields[11:13])  # utime, stime
        if each == pid:
            total += sum(int(n) for n in fields[13:15])  # cutime, cstime (reaped children)
    return total / tick


def cpu_busy() -> tuple[int, int]:
    """The machine's busy and total jiffies so far (/proc/stat)."""
    with open("/proc/stat") as stat:
        numbers = [int(n) for n in stat.readline().split()[1:]]
    idle = numbers[3] + numbers[4]  # idle and iowait
    return sum(numbers) - idle, sum(numbers)


# The world, through the named writes ----------------------------------------------------


@dataclass(frozen=True)
class Box:
    """One input of a criterion and how to type a valid value for it."""

    name: str
    kind: str
    steps: tuple[Decimal, ...] = ()  # manual and given: the points one may give


@dataclass
class Officer:
    username: str
    assessment: int
    entries: list[int]
    shared: bool  # their commune has a second officer


@dataclass
class World:
    officers: list[Officer]
    boxes: dict[int, list[Box]]  # entry pk -> its inputs
    entries: int
    cycle: int


def ramp_seconds(args: argparse.Namespace) -> float:
    """Logins are spread over this long (each costs a PBKDF2 hash, ~0.3 s of CPU)."""
    return float(args.ramp) if args.ramp is not None else min(60.0, args.minutes * 12)


def stage_dates(today: date) -> list[Any]:
    """Stages of a fortnight each in the cycle's order, self-assessment open today (as
    tests/cast.py's stage_dates)."""
    from parindex.assessments.actions import StageDates
    from parindex.core.assessment import StageKind

    start = today - timedelta(days=3)
    return [
        StageDates(kind, start + timedelta(days=14 * i), start + timedelta(days=14 * i + 13))
        for i, kind in enumerate(StageKind)
    ]


def build_world(communes: int, shared: int) -> World:
    from django.db import connection
    from django.utils import timezone

    from parindex.assessments.actions import open_cycle
    from parindex.assessments.models import Entry
    from parindex.core import assessment as core
    from parindex.core.rules import Given, Manual
    from parindex.frameworks.actions import framework_of, install_builtin_frameworks
    from parindex.org import actions
    from parindex.org.models import Role

    admin = actions.bootstrap_administrator(
        username="admin", full_name="Quản trị", password=PASSWORD
    )
    province = actions.create_unit(admin, code="BT", name="Tỉnh Thử", kind="province", parent=None)
    units = [
        actions.create_unit(
            admin, code=f"BT.{i:03d}", name=f"Xã Thử Nghiệm {i}", kind="commune", parent=province
        )
        for i in range(1, communes + 1)
    ]
    people = [(f"xa{i:03d}", unit) for i, unit in enumerate(units, start=1)]
    people += [(f"xa{i:03d}b", unit) for i, unit in enumerate(units[:shared], start=1)]

    def officer(name_unit: tuple[str, Any]) -> None:
        # The password hash (PBKDF2) is most of the time and frees the GIL: two at once.
        name, unit = name_unit
        try:
            actions.create_user(
                admin,
                username=name,
                full_name=f"Cán bộ {name}",
                password=PASSWORD,
                role=Role.UNIT_OFFICER,
                unit=unit,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(officer, people))
    coordinator = actions.create_user(
        admin,
        username="coord",
        full_name="Điều phối",
        password=PASSWORD,
        role=Role.COORDINATOR,
        unit=province,
    )
    today = timezone.localdate()
    group = actions.create_ranking_group(
        coordinator, evaluating_unit=province, year=today.year, name="Khối xã", units=units
    )
    stored = {s.key: s for s in install_builtin_frameworks()}["commune-example"]
    cycle = open_cycle(
        coordinator,
        evaluating_unit=province,
        year=today.year,
        framework=stored,
        title=f"Đánh giá Chỉ số CCHC năm {today.year} (tải thử)",
        stages=stage_dates(today),
        groups=[group],
    )
    leaves: dict[str, list[Box]] = {}
    for leaf in core.entered_leaves(framework_of(stored)):
        rule = core.rule_of(leaf)
        assert leaf.max_points is not None
        steps: tuple[Decimal, ...] = ()
        if isinstance(rule, Manual):
            steps = tuple(rule.steps(leaf.max_points) or ())
        elif isinstance(rule, Given):
            quarters = int(leaf.max_points / Decimal("0.25"))
            steps = tuple(Decimal("0.25") * n for n in range(quarters + 1))
        leaves[leaf.id] = [Box(spec.name, spec.kind, steps) for spec in rule.inputs()]
    by_assessment: dict[int, list[int]] = defaultdict(list)
    boxes: dict[int, list[Box]] = {}
    unit_of: dict[int, int] = {}
    rows = Entry.objects.filter(assessment__cycle=cycle).values_list(
        "pk", "node_id", "assessment_id", "assessment__unit_id"
    )
    for pk, node_id, assessment, unit in rows:
        by_assessment[assessment].append(pk)
        boxes[pk] = leaves[node_id]
        unit_of[unit] = assessment
    officers = [
        Officer(name, unit_of[unit.pk], by_assessment[unit_of[unit.pk]], units.index(unit) < shared)
        for name, unit in people
    ]
    return World(officers, boxes, len(boxes), cycle.pk)


# The officers -------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The view's words for a save refused as stale (entry_views.entry_row), after the name.
STALE = (
    "%(who)s saved this criterion while you were typing: your entry is kept here "
    "but not saved. Reload to see theirs, then save yours again if it is right."
)


def stale_words() -> list[str]:
    """The stale refusal's words after the colleague's name, in each language."""
    from django.utils import translation

    found = []
    for language in ("vi", "en"):
        with translation.override(language):
            found.append(translation.gettext(STALE).split("%(who)s")[-1].strip()[:40])
    return found


PAGE_VERSION = re.compile(r'name="version" value="(\d+)" id="ver-(\d+)"')


@dataclass(frozen=True)
class Sample:
    kind: str  # login, page, save
    at: float  # seconds since the load started, when the request was sent
    seconds: float
    outcome: str  # ok, saved, stale, refused, http NNN, exception NAME


@dataclass(frozen=True)
class Save:
    """A save the client was told succeeded: it made the entry's version `version`."""

    entry: int
    version: int
    note: str
    inputs: dict[str, str]
    officer: str


@dataclass
class Log:
    samples: list[Sample] = field(default_factory=list)
    saved: list[Save] = field(default_factory=list)
    unknown: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)  # note → …
    refused_notes: set[str] = field(default_factory=set)
    refusals: Counter[str] = field(default_factory=Counter)
    stale_by: Counter[bool] = field(default_factory=Counter)  # shared unit? → stale count
    later_version: int = 0  # told saved, but shown a version past the save's own
    failed_logins: int = 0
    odd: list[str] = field(default_factory=list)  # the first unexpected answers, shortened

    def keep_odd(self, what: str, response: requests.Response) -> None:
        if len(self.odd) < 5:
            text = re.sub(r"\s+", " ", response.text)
            title = re.search(r"<title>(.*?)</title>", text)
            self.odd.append(
                f"{what}: HTTP {response.status_code} {response.headers.get('Location', '')} "
                f"{title[1] if title else ''} | {text[:300]}"
            )


def typed_value(box: Box, chance: random.Random) -> str:
    """A valid value as a Vietnamese officer types it (0,57 for a ratio)."""
    if box.kind == "bool":
        return chance.choice(["true", "false"])
    if box.kind == "count":
        return str(chance.randint(0, 6))
    if box.kind == "ratio":
        return str(Decimal(chance.randint(0, 100)) / 100).replace(".", ",")
    return str(chance.choice(box.steps)).replace(".", ",")  # points: manual or given


def kept(box: Box, text: str) -> str:
    from parindex.results.inputs import as_text, typed

    return as_text(typed(box.kind, text))


class Run:
    def __init__(self, base: str, world: World, args: argparse.Namespace) -> None:
        self.base, self.world, self.args = base, world, args
        self.log = Log()
        self.stale_words = [html.escape(words) for words in stale_words()]
        self.start = 0.0
        self.deadline = 0.0

    def timed(
        self, kind: str, send: Callable[[], requests.Response]
    ) -> tuple[requests.Response | None, float, float]:
        sent = time.perf_counter()
        try:
            response = send()
        except requests.RequestException as failed:
            took = time.perf_counter() - sent
            self.log.samples.append(
                Sample(kind, sent - self.start, took, f"exception {type(failed).__name__}")
            )
            return None, sent, took
        return response, sent, time.perf_counter() - sent

    def note(self, kind: str, sent: float, took: float, outcome: str) -> None:
        self.log.samples.append(Sample(kind, sent - self.start, took, outcome))

    def officer(self, who: Officer, delay: float, seed: int) -> None:
        chance = random.Random(seed)
        time.sleep(delay)
        web = requests.Session()
        timeout = self.args.timeout
        try:
            if not self.login(web, who, timeout):
                return
            page = self.page(web, who, timeout)
            if page is None:
                return
            token, versions = page
            number, reload = 0, False
            while time.perf_counter() < self.deadline:
                time.sleep(self.args.think * chance.uniform(0.5, 1.5))
                if time.perf_counter() >= self.deadline:
                    break
                # A stale refusal says to reload to see the colleague's save: they do.
                if reload or chance.random() < self.args.reload:
                    page = self.page(web, who, timeout)
                    if page is not None:
                        token, versions = page
                        reload = False
                    continue
                number += 1
                entry = chance.choice(who.entries)
                if entry in versions:
                    versions[entry], reload = self.save(
                        web, who, entry, versions[entry], token, number, chance
                    )
        finally:
            web.close()

    def login(self, web: requests.Session, who: Officer, timeout: float) -> bool:
        response, sent, took = self.timed(
            "login", lambda: web.get(f"{self.base}/login/", timeout=timeout)
        )
        if response is None:
            self.log.failed_logins += 1
            return False
        found = CSRF.search(response.text)
        if response.status_code != 200 or found is None:
            self.note("login", sent, took, f"http {response.status_code}")
            self.log.failed_logins += 1
            return False
        self.note("login", sent, took, "ok")
        form = {"csrfmiddlewaretoken": found[1], "username": who.username, "password": PASSWORD}
        response, sent, took = self.timed(
            "login",
            lambda: web.post(
                f"{self.base}/login/", data=form, allow_redirects=False, timeout=timeout
            ),
        )
        if response is None:
            self.log.failed_logins += 1
            return False
        # A good login answers with a redirect; a refused one shows the form again (200).
        outcome = "ok" if response.status_code == 302 else f"http {response.status_code}"
        self.note("login", sent, took, outcome)
        if outcome != "ok":
            self.log.failed_logins += 1
        return outcome == "ok"

    def page(
        self, web: requests.Session, who: Officer, timeout: float
    ) -> tuple[str, dict[int, int]] | None:
        url = f"{self.base}/assessments/{who.assessment}/"
        response, sent, took = self.timed(
            "page", lambda: web.get(url, allow_redirects=False, timeout=timeout)
        )
        if response is None:
            return None
        found = CSRF.search(response.text)
        versions = {int(pk): int(v) for v, pk in PAGE_VERSION.findall(response.text)}
        if response.status_code != 200 or found is None or not versions:
            self.note("page", sent, took, f"http {response.status_code}")
            self.log.keep_odd(f"page of {who.username}", response)
            return None
        self.note("page", sent, took, "ok")
        return found[1], versions

    def save(
        self,
        web: requests.Session,
        who: Officer,
        entry: int,
        version: int,
        token: str,
        n: int,
        chance: random.Random,
    ) -> tuple[int, bool]:
        """One criterion saved as the page's htmx does: the version to use next, and
        whether it was refused as stale."""
        boxes = self.world.boxes[entry]
        typed = {box.name: typed_value(box, chance) for box in boxes}
        inputs = {box.name: kept(box, typed[box.name]) for box in boxes}
        note = f"{who.username} #{n}"
        form = {
            "csrfmiddlewaretoken": token,
            "version": str(version),
            "note": note,
            **{f"in-{name}": text for name, text in typed.items()},
        }
        url = f"{self.base}/assessments/{who.assessment}/entries/{entry}/"
        response, sent, took = self.timed(
            "save",
            lambda: web.post(
                url,
                data=form,
                headers={"HX-Request": "true"},
                allow_redirects=False,
                timeout=self.args.timeout,
            ),
        )
        if response is None:
            self.log.unknown[note] = (entry, inputs)
            return version, False
        if response.status_code != 200:
            self.note("save", sent, took, f"http {response.status_code}")
            self.log.unknown[note] = (entry, inputs)
            self.log.keep_odd(f"save of entry {entry} v{version} by {who.username}", response)
            return version, False
        # A save answers with the new version; a refusal keeps the one it was refused for
        # (older answers sent the current one instead), and says why.
        shown = re.search(rf'value="(\d+)" id="ver-{entry}"', response.text)
        error = re.search(rf'<div id="err-{entry}"[^>]*>(.*?)</div>', response.text, re.S)
        message = html.unescape(re.sub(r"<[^>]+>", "", error[1])).strip() if error else ""
        if error is None or (not message and shown is None):
            self.note("save", sent, took, "http 200, not a row")
            self.log.unknown[note] = (entry, inputs)
            self.log.keep_odd(f"save of entry {entry} v{version} by {who.username}", response)
            return version, False
        now = int(shown[1]) if shown is not None else version
        if not message:
            self.note("save", sent, took, "saved")
            self.log.saved.append(Save(entry, version + 1, note, inputs, who.username))
            if now != version + 1:
                self.log.later_version += 1
            return now, False
        self.log.refused_notes.add(note)
        if now != version or any(words in error[1] for words in self.stale_words):
            self.note("save", sent, took, "stale")
            self.log.stale_by[who.shared] += 1
            return now, True
        self.note("save", sent, took, "refused")
        self.log.refusals[message[:160]] += 1
        return now, False

    def run(self) -> float:
        officers = self.world.officers
        ramp = ramp_seconds(self.args)
        self.start = time.perf_counter()
        self.deadline = self.start + self.args.minutes * 60
        threads = [
            threading.Thread(
                target=self.officer,
                args=(who, ramp * i / len(officers), i),
                name=who.username,
                daemon=True,
            )
            for i, who in enumerate(officers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - self.start


# The check against the database ---------------------------------------------------------


@dataclass
class Check:
    told_saved: int = 0
    in_history: int = 0
    missing: list[str] = field(default_factory=list)
    wrong_place: int = 0
    wrong_inputs: int = 0
    entries_saved: int = 0
    final_match: int = 0
    final_later_unknown: int = 0  # ends on a save whose answer the client never read
    final_mismatch: list[str] = field(default_factory=list)
    chain_breaks: int = 0
    events: int = 0
    refused_but_recorded: int = 0
    unexplained_events: int = 0

    @property
    def lost(self) -> int:
        return len(self.missing) + self.wrong_place + self.wrong_inputs + len(self.final_mismatch)


def check(world: World, log: Log) -> Check:
    from parindex.assessments.models import Entry
    from parindex.audit.models import AuditEvent

    result = Check(told_saved=len(log.saved))
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    events = AuditEvent.objects.filter(
        action="save_entry",
        object_type="assessments.entry",
        object_id__in=[str(pk) for pk in world.boxes],
    ).order_by("id")
    for object_id, changes in events.values_list("object_id", "changes"):
        history[int(object_id)].append(changes)
        result.events += 1
    stored = {
        pk: (inputs, note, version)
        for pk, inputs, note, version in Entry.objects.filter(pk__in=list(world.boxes)).values_list(
            "pk", "inputs", "note", "version"
        )
    }
    # Replay each entry's history: the state before each version, and the notes in order.
    before: dict[int, list[tuple[dict[str, str], str]]] = {}
    notes: dict[int, list[str]] = {}
    for pk, changes_list in history.items():
        state: tuple[dict[str, str], str] = ({}, "")
        before[pk], notes[pk] = [], []
        for changes in changes_list:
            before[pk].append(state)
            inputs, note = state
            if "inputs" in changes:
                if changes["inputs"]["old"] != inputs:
                    result.chain_breaks += 1
                inputs = changes["inputs"]["new"]
            if "note" in changes:
                if changes["note"]["old"] != note:
                    result.chain_breaks += 1
                note = changes["note"]["new"]
            notes[pk].append(note)
            state = (inputs, note)
        inputs, note, version = stored[pk]
        if (inputs, note) != state or version != len(changes_list) + 1:
            result.chain_breaks += 1
    by_note = {save.note: save for save in log.saved}
    for written in notes.values():
        for note in written:
            if note in log.refused_notes:
                result.refused_but_recorded += 1
            elif note not in by_note and note not in log.unknown:
                result.unexplained_events += 1
    last: dict[int, Save] = {}
    for save in log.saved:
        written = notes.get(save.entry, [])
        index = save.version - 2  # version 2 is the first save's
        if save.note not in written:
            result.missing.append(f"entry {save.entry} v{save.version} ({save.note})")
        elif index >= len(written) or written[index] != save.note:
            result.wrong_place += 1
        else:
            result.in_history += 1
            changes = history[save.entry][index]
            got = changes["inputs"]["new"] if "inputs" in changes else before[save.entry][index][0]
            if got != save.inputs:
                result.wrong_inputs += 1
        if save.entry not in last or save.version > last[save.entry].version:
            last[save.entry] = save
    result.entries_saved = len(last)
    for pk, save in last.items():
        inputs, note, version = stored[pk]
        if version == save.version and inputs == save.inputs and note == save.note:
            result.final_match += 1
        elif version > save.version and all(
            note in log.unknown for note in notes.get(pk, [])[save.version - 1 :]
        ):
            result.final_later_unknown += 1
        else:
            result.final_mismatch.append(
                f"entry {pk}: stored v{version} {inputs} {note!r}, "
                f"last told v{save.version} {save.inputs} {save.note!r}"
            )
    return result


# One request in process, to count its queries -----------------------------------------------


def in_process(world: World, times: int = 20) -> list[str]:
    """The mean time and queries of a page load and of a save, with the process warmed up
    (its first request compiles the templates and reads the framework)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parindex.assessments.models import Entry
    from parindex.org.models import User

    who = world.officers[-1]
    web = Client(HTTP_HOST=HOST)
    web.force_login(User.objects.get(username=who.username))
    chance = random.Random(1)
    page = f"/assessments/{who.assessment}/"

    def save() -> Any:
        entry = Entry.objects.get(pk=chance.choice(who.entries))
        form = {"version": entry.version, "note": f"in process {chance.random()}"}
        form.update({f"in-{box.name}": typed_value(box, chance) for box in world.boxes[entry.pk]})
        url = f"{page}entries/{entry.pk}/"
        return web.post(url, form, HTTP_HX_REQUEST="true")

    def load() -> Any:
        return web.get(page)

    calls: list[tuple[str, Callable[[], Any]]] = [("page load", load), ("save", save)]
    lines = []
    for label, call in calls:
        begun = time.perf_counter()
        first = call()
        cold = (time.perf_counter() - begun) * 1000
        begun = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for _ in range(times):
                answer = call()
        took = (time.perf_counter() - begun) * 1000 / times
        lines.append(
            f"  {label:<10} {took:6.0f} ms (first {cold:4.0f} ms) {len(queries) // times:4d} "
            f"queries {len(answer.content) / 1024:5.0f} KB (HTTP {first.status_code})"
        )
    return lines


# Figures ------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = math.ceil(share * len(sorted_values)) - 1  # nearest rank
    return sorted_values[max(0, min(len(sorted_values) - 1, rank))]


def latency_line(label: str, samples: list[Sample], wall: float) -> str:
    times = sorted(s.seconds * 1000 for s in samples)
    p = [percentile(times, q) for q in (0.5, 0.95, 0.99)]
    worst = times[-1] if times else float("nan")
    return (
        f"  {label:<12} {len(samples):8d} {len(samples) / wall:8.1f} "
        f"{p[0]:9.0f} {p[1]:9.0f} {p[2]:9.0f} {worst:9.0f}"
    )


def report(log: Log, wall: float, cpu: float) -> None:
    samples = log.samples
    print(f"\nload: {wall:.1f} s, machine CPU {cpu:.0f}% busy")
    print(f"  {'requests':<12} {'count':>8} {'per s':>8} {'p50 ms':>9} {'p95 ms':>9} "
          f"{'p99 ms':>9} {'max ms':>9}")  # fmt: skip
    for kind in ("login", "page", "save"):
        print(latency_line(kind, [s for s in samples if s.kind == kind], wall))
    saved = [s for s in samples if s.kind == "save" and s.outcome == "saved"]
    print(latency_line("save (saved)", saved, wall))
    print(latency_line("all", samples, wall))
    print(f"total requests: {len(samples)}, {len(samples) / wall:.1f} per second")
    outcomes = Counter(s.outcome for s in samples if s.kind == "save")
    print("saves:")
    print(f"  saved                    {outcomes['saved']:8d}")
    print(
        f"  refused as stale         {outcomes['stale']:8d}  (officers of shared communes: "
        f"{log.stale_by[True]}, of single-officer communes: {log.stale_by[False]})"
    )
    print(f"  other refusals           {outcomes['refused']:8d}")
    for message, count in log.refusals.most_common(5):
        print(f"    {count} × {message}")
    print(f"  told saved, but the answer showed a later version than its own: {log.later_version}")
    errors = Counter(
        s.outcome for s in samples if s.outcome not in {"ok", "saved", "stale", "refused"}
    )
    http = {k: v for k, v in errors.items() if k.startswith("http")}
    exceptions = {k: v for k, v in errors.items() if k.startswith("exception")}
    print(f"HTTP errors: {sum(http.values())} {dict(http) if http else ''}")
    print(f"exceptions: {sum(exceptions.values())} {dict(exceptions) if exceptions else ''}")
    print(f"failed logins: {log.failed_logins}")
    for odd in log.odd:
        print(f"  {odd}")
    print("per minute:      saves   saved   stale  save p50  save p95  page p95")
    minutes = int(wall // 60) + 1
    for minute in range(minutes):
        in_minute = [s for s in samples if minute * 60 <= s.at < (minute + 1) * 60]
        save_times = sorted(s.seconds * 1000 for s in in_minute if s.kind == "save")
        page_times = sorted(s.seconds * 1000 for s in in_minute if s.kind == "page")
        if not in_minute:
            continue
        saves = Counter(s.outcome for s in in_minute if s.kind == "save")
        print(
            f"  {minute:>2}–{minute + 1:<2} min   {len(save_times):8d} {saves['saved']:7d} "
            f"{saves['stale']:7d} {percentile(save_times, 0.5):7.0f} ms "
            f"{percentile(save_times, 0.95):6.0f} ms {percentile(page_times, 0.95):6.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long the load runs")
    parser.add_argument("--officers", type=int, default=200, help="communes, one officer each")
    parser.add_argument("--shared", type=int, default=None, help="communes with a 2nd officer")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between actions")
    parser.add_argument("--reload", type=float, default=0.05, help="share of page reloads")
    parser.add_argument("--ramp", type=float, default=None, help="seconds to start everyone")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=float, default=60.0, help="client request timeout")
    parser.add_argument("--fsync", action="store_true", help="PostgreSQL with fsync on")
    args = parser.parse_args()
    shared = args.shared if args.shared is not None else max(1, args.officers // 10)
    shared = min(shared, args.officers)

    services = Services()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    begun = time.perf_counter()
    db_port = services.start_postgres(args.fsync)
    var = services.dir / "var"
    var.mkdir()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="parindex.web.settings",
        DATABASE_URL=f"postgresql://postgres@{HOST}:{db_port}/parindex",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        HTTPS="0",
        ALLOWED_HOSTS=f"{HOST},localhost",
        PARINDEX_VAR_DIR=str(var),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (every view imported now, as the server does)

    version = connection.cursor().connection.info.server_version // 10000
    print(
        f"PostgreSQL {version} on {HOST}:{db_port}, fsync {'on' if args.fsync else 'off'}; "
        f"gunicorn gthread, {args.workers} workers × {args.threads} threads; "
        f"{os.cpu_count()} cores"
    )
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    world = build_world(args.officers, shared)
    connection.close()
    built = time.perf_counter()
    print(
        f"setup: cluster and migrations {migrated - begun:.1f} s, world {built - migrated:.1f} s: "
        f"{args.officers} communes, {len(world.officers)} officers ({shared} communes with two), "
        f"{world.entries} entries ({world.entries // args.officers} a commune)"
    )
    ramp = ramp_seconds(args)
    print(
        f"load: {args.minutes:g} min, think {args.think:g} s (±50%), page reload "
        f"{args.reload:.0%} of actions and after a stale refusal, logins spread over {ramp:g} s, "
        f"timeout {args.timeout:g} s"
    )
    base = services.start_server(free_port(), args.workers, args.threads)
    run = Run(base, world, args)
    cpu_before, client_before, server_before = cpu_busy(), time.process_time(), services.cpu()
    wall = run.run()
    cpu_after, client_after, server_after = cpu_busy(), time.process_time(), services.cpu()
    services.stop_server()
    cpu = 100 * (cpu_after[0] - cpu_before[0]) / max(1, cpu_after[1] - cpu_before[1])
    report(run.log, wall, cpu)
    done = max(1, len(run.log.samples))
    gunicorn, postgres = server_after[0] - server_before[0], server_after[1] - server_before[1]
    busy = (cpu_after[0] - cpu_before[0]) / os.sysconf("SC_CLK_TCK")
    others = busy - gunicorn - postgres - (client_after - client_before)
    print(
        f"CPU during the load: gunicorn {gunicorn:.0f} s ({1000 * gunicorn / done:.0f} ms a "
        f"request), PostgreSQL {postgres:.0f} s ({1000 * postgres / done:.0f} ms a request), "
        f"this client {client_after - client_before:.0f} s, other processes on the machine "
        f"{max(0.0, others):.0f} s, of {(os.cpu_count() or 1) * wall:.0f} core-seconds"
    )
    problems = [
        line
        for line in services.server_log().splitlines()
        if "Traceback" in line or "ERROR" in line or "CRITICAL" in line or "WORKER TIMEOUT" in line
    ]
    print(f"server log: {len(problems)} error lines")
    for line in problems[:10]:
        print(f"  {line}")

    result = check(world, run.log)
    print("database check:")
    print(f"  saves the clients were told succeeded     {result.told_saved:8d}")
    print(f"  found in the audit history at that version {result.in_history:7d}")
    print(f"  missing from the history                  {len(result.missing):8d}")
    print(f"  in the history at another version         {result.wrong_place:8d}")
    print(f"  recorded with other inputs than sent      {result.wrong_inputs:8d}")
    print(f"  save_entry events                         {result.events:8d}")
    print(f"  events of saves the client was refused    {result.refused_but_recorded:8d}")
    print(f"  events no client request explains         {result.unexplained_events:8d}")
    print(f"  audit chain breaks (old ≠ the state before) {result.chain_breaks:6d}")
    print(f"  entries saved                             {result.entries_saved:8d}")
    print(f"  final inputs and note = last told saved   {result.final_match:8d}")
    print(f"  ending on a save whose answer was lost    {result.final_later_unknown:8d}")
    print(f"  final state ≠ last told saved             {len(result.final_mismatch):8d}")
    for line in (result.missing + result.final_mismatch)[:10]:
        print(f"    {line}")
    print(f"lost writes: {result.lost}")
    print("in process, after the load (django.test.Client, same database, mean of 20):")
    try:
        for line in in_process(world):
            print(line)
    except Exception as failed:  # the figures above stand without these lines
        print(f"  failed: {type(failed).__name__}: {failed}")


if __name__ == "__main__":
    main()
