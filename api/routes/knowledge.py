"""Knowledge administration (admin scope): HR's own documents, the same store and rules as the CLI.

The upload route accepts JSON or a multipart file and has a larger body limit of its own
(`COACH_MAX_UPLOAD_BYTES`, default 4 MiB) than the 64 KiB of every other route; the document
itself is held to the CLI's 1 MB.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import CoachDep, OrgStoreDep
from api.schemas import LanguageField, checked_by
from coach.errors import InputError, NotFoundError
from coach.knowledge.orgdocs import MAX_BYTES, OrgDocument, decode_document
from coach.limits import NOT_TEXT, check_audience, check_topic
from coach.taxonomy import TOPIC_SLUGS

router = APIRouter(prefix="/v1/knowledge", tags=["knowledge administration"])


def _document_text(value: Any, field: str) -> str:
    # The store's own checks (empty, over 1 MB, NUL bytes) with their wording, naming the JSON
    # field: the store names `file`, which a JSON body does not have.
    if not isinstance(value, str):
        raise InputError(field, NOT_TEXT)
    try:
        decode_document(value.encode("utf-8", "surrogatepass"))
    except InputError as exc:
        raise InputError(field, exc.message) from None
    return value


class DocumentIn(BaseModel):
    """A document sent as JSON (the multipart form has the same fields, with `file` for `text`)."""

    text: Annotated[str, Field(min_length=1, max_length=MAX_BYTES),
                    checked_by(_document_text)] = Field(
        description="UTF-8 Markdown or plain text, at most 1 MB.")
    title: str | None = Field(None, max_length=200,
                              description="Title; default: the first heading.")
    # Checked as every other topic, audience and language is (coach.limits, one wording).
    topic: Annotated[str, checked_by(check_topic)] = Field(
        description="Taxonomy slug.", json_schema_extra={"enum": list(TOPIC_SLUGS)})
    audience: Annotated[Literal["employee", "manager", "both"], checked_by(check_audience)]
    language: LanguageField = Field(None, description="Detected when absent.")


class DocumentList(BaseModel):
    """Every organisation document, oldest first."""

    documents: list[OrgDocument]


_FORM_SCHEMA = {
    "type": "object",
    "required": ["file", "topic", "audience"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "UTF-8 .md or .txt file, at most 1 MB."},
        "title": {"type": "string", "maxLength": 200},
        "topic": {"type": "string", "enum": list(TOPIC_SLUGS)},
        "audience": {"type": "string", "enum": ["employee", "manager", "both"]},
        "language": {"type": "string", "enum": ["da", "en"]},
    },
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            # Inline: a `$ref` would point at a component FastAPI never emits (the route reads
            # the raw request), leaving the schema dangling for client generators.
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "multipart/form-data": {"schema": _FORM_SCHEMA},
        },
    }
}


def _invalid(errors: list[dict[str, Any]]) -> RequestValidationError:
    # Same 422 problem shape as FastAPI's own validation; `input` is dropped by the handler.
    return RequestValidationError([{**e, "loc": ("body", *e.get("loc", ()))} for e in errors])


async def _read_document(request: Request) -> tuple[DocumentIn, str | None]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _invalid([{"type": "missing", "loc": ("file",), "msg": "Field required"}])
        data = await upload.read(MAX_BYTES + 1)
        text = decode_document(data)  # InputError -> 422 with the reason
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str)}
        raw: Any = {**fields, "text": text}
        filename = upload.filename
    elif content_type in ("application/json", ""):
        try:
            raw = json.loads(await request.body())
        except ValueError as exc:  # the offset, as FastAPI gives it for every other route
            where = (exc.pos,) if isinstance(exc, json.JSONDecodeError) else ()
            raise _invalid([{"type": "json_invalid", "loc": where, "msg": "JSON decode error"}]) \
                from exc
        filename = None
    else:
        raise HTTPException(415, "Send application/json or multipart/form-data.")
    try:
        return DocumentIn.model_validate(raw), filename
    except ValidationError as exc:
        raise _invalid(exc.errors(include_input=False)) from exc  # type: ignore[arg-type]


@router.post("/documents", status_code=201, response_model=OrgDocument, openapi_extra=_BODY,
             responses={200: {"description": "Already stored: the same document, unchanged.",
                              "model": OrgDocument},
                        415: {"description": "Neither JSON nor multipart."}})
async def add_document(request: Request, response: Response, store: OrgStoreDep,
                       coach: CoachDep) -> OrgDocument:
    """Add an organisation document (JSON or multipart file upload); it becomes searchable.

    Idempotent: sending the same document (text, title and tags) again answers 200 with the
    stored one, so a client may retry an add whose answer it did not get. A bad document
    (empty, over 1 MB, binary, not UTF-8, unknown topic/audience/language, the same text and
    title stored with other tags) is refused with 422 and the reason; nothing is stored then.
    """
    body, filename = await _read_document(request)
    doc, created = await run_in_threadpool(store.put_text, body.text, body.title, body.topic,
                                           body.audience, body.language, filename=filename)
    if not created:
        response.status_code = 200
    if coach.retriever is not None:
        await run_in_threadpool(coach.retriever.refresh)
    return doc


@router.get("/documents", response_model=DocumentList)
def list_documents(store: OrgStoreDep) -> DocumentList:
    """Every organisation document (metadata only), oldest first."""
    return DocumentList(documents=store.list())


@router.delete("/documents/{doc_id}", response_model=OrgDocument,
               responses={404: {"description": "No document with that id."}})
def remove_document(doc_id: str, store: OrgStoreDep, coach: CoachDep) -> OrgDocument:
    """Remove an organisation document; it leaves the search results."""
    if not any(d.id == doc_id for d in store.list()):
        raise HTTPException(404, "No organisation document with that id; "
                                 "see GET /v1/knowledge/documents.")
    try:
        doc = store.remove(doc_id)
    except NotFoundError as exc:  # removed concurrently by another request
        raise HTTPException(404, "No organisation document with that id.") from exc
    if coach.retriever is not None:
        coach.retriever.refresh()
    return doc
