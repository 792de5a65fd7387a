from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.add_document_v1_knowledge_documents_post_files_body import AddDocumentV1KnowledgeDocumentsPostFilesBody
from ...models.add_document_v1_knowledge_documents_post_json_document_in import AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn
from ...models.org_document import OrgDocument
from ...models.problem import Problem
from typing import cast


def _get_kwargs(
    *,
    body:    AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn  |     AddDocumentV1KnowledgeDocumentsPostFilesBody  | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/knowledge/documents",
    }

    if isinstance(body, AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, AddDocumentV1KnowledgeDocumentsPostFilesBody):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrgDocument | Problem | None:
    if response.status_code == 200:
        response_200 = OrgDocument.from_dict(response.json())


        return response_200

    if response.status_code == 201:
        response_201 = OrgDocument.from_dict(response.json())


        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())


        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())


        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())


        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())


        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())


        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())


        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())


        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())


        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())


        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrgDocument | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body:    AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn  |     AddDocumentV1KnowledgeDocumentsPostFilesBody  | Unset = UNSET,

) -> Response[OrgDocument | Problem]:
    """ Add Document

     Add an organisation document (JSON or multipart file upload); it becomes searchable.

    Idempotent: sending the same document (text, title and tags) again answers 200 with the
    stored one, so a client may retry an add whose answer it did not get. A bad document
    (empty, over 1 MB, binary, not UTF-8, unknown topic/audience/language, the same text and
    title stored with other tags) is refused with 422 and the reason; nothing is stored then.

    Args:
        body (AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn): A document sent as JSON (the
            multipart form has the same fields, with `file` for `text`).
        body (AddDocumentV1KnowledgeDocumentsPostFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrgDocument | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body:    AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn  |     AddDocumentV1KnowledgeDocumentsPostFilesBody  | Unset = UNSET,

) -> OrgDocument | Problem | None:
    """ Add Document

     Add an organisation document (JSON or multipart file upload); it becomes searchable.

    Idempotent: sending the same document (text, title and tags) again answers 200 with the
    stored one, so a client may retry an add whose answer it did not get. A bad document
    (empty, over 1 MB, binary, not UTF-8, unknown topic/audience/language, the same text and
    title stored with other tags) is refused with 422 and the reason; nothing is stored then.

    Args:
        body (AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn): A document sent as JSON (the
            multipart form has the same fields, with `file` for `text`).
        body (AddDocumentV1KnowledgeDocumentsPostFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrgDocument | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body:    AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn  |     AddDocumentV1KnowledgeDocumentsPostFilesBody  | Unset = UNSET,

) -> Response[OrgDocument | Problem]:
    """ Add Document

     Add an organisation document (JSON or multipart file upload); it becomes searchable.

    Idempotent: sending the same document (text, title and tags) again answers 200 with the
    stored one, so a client may retry an add whose answer it did not get. A bad document
    (empty, over 1 MB, binary, not UTF-8, unknown topic/audience/language, the same text and
    title stored with other tags) is refused with 422 and the reason; nothing is stored then.

    Args:
        body (AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn): A document sent as JSON (the
            multipart form has the same fields, with `file` for `text`).
        body (AddDocumentV1KnowledgeDocumentsPostFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrgDocument | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body:    AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn  |     AddDocumentV1KnowledgeDocumentsPostFilesBody  | Unset = UNSET,

) -> OrgDocument | Problem | None:
    """ Add Document

     Add an organisation document (JSON or multipart file upload); it becomes searchable.

    Idempotent: sending the same document (text, title and tags) again answers 200 with the
    stored one, so a client may retry an add whose answer it did not get. A bad document
    (empty, over 1 MB, binary, not UTF-8, unknown topic/audience/language, the same text and
    title stored with other tags) is refused with 422 and the reason; nothing is stored then.

    Args:
        body (AddDocumentV1KnowledgeDocumentsPostJsonDocumentIn): A document sent as JSON (the
            multipart form has the same fields, with `file` for `text`).
        body (AddDocumentV1KnowledgeDocumentsPostFilesBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrgDocument | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
