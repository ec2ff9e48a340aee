"""API operations on frameworks: list, read (the framework file's content as JSON), load."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from parindex.access import get_in_scope, scope
from parindex.api.auth import caller
from parindex.audit.writes import ActionRefused, require
from parindex.frameworks import actions
from parindex.frameworks.models import StoredFramework
from parindex.io import framework_file
from parindex.org import policy
from parindex.org.models import Unit

router = Router()


class FrameworkOut(Schema):
    id: int
    key: str
    title: str
    level: str
    years: list[int]
    owner_id: int | None
    built_in: bool
    complete: bool
    example: bool
    content_hash: str
    loaded_at: datetime
    version: int

    @staticmethod
    def resolve_content_hash(obj: StoredFramework) -> str:
        return obj.content_id


class FrameworkDetailOut(FrameworkOut):
    # The framework file (docs/framework.schema.json) as JSON, numbers as exact strings: to
    # read. `yaml` is the file itself, which POST /frameworks loads back unchanged.
    content: dict[str, Any]
    yaml: str

    @staticmethod
    def resolve_content(obj: StoredFramework) -> dict[str, Any]:
        return framework_file.content(actions.framework_of(obj))

    @staticmethod
    def resolve_yaml(obj: StoredFramework) -> str:
        return obj.content.text


class FrameworkIn(Schema):
    # A JSON body is refused past 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE); larger files go
    # through the page's upload.
    yaml: Annotated[str, Field(max_length=2_000_000)]
    owner_id: int | None = None
    reason: str = ""


@router.get("/frameworks", response=list[FrameworkOut], tags=["frameworks"])
def list_frameworks(request: HttpRequest) -> Any:
    return scope(caller(request), StoredFramework, "view")


@router.get("/frameworks/{framework_id}", response=FrameworkDetailOut, tags=["frameworks"])
def get_framework(request: HttpRequest, framework_id: int) -> Any:
    return get_in_scope(caller(request), StoredFramework, "view", pk=framework_id)


@router.post("/frameworks", response={201: FrameworkOut}, tags=["frameworks"])
def load_framework(request: HttpRequest, body: FrameworkIn) -> Any:
    user = caller(request)
    require(policy.manages_a_subtree(user))
    owner = None
    if body.owner_id is not None:
        owner = scope(user, Unit, "view").filter(pk=body.owner_id).first()
        if owner is None:
            raise ActionRefused(
                _("No unit with id %(id)s is visible to you.") % {"id": body.owner_id},
                field="owner_id",
            )
    stored = actions.load_framework(
        user,
        data=body.yaml.encode("utf-8"),
        filename="framework.yaml",
        owner=owner,
        reason=body.reason,
    )
    return Status(201, stored)
