from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.summary_request import SummaryRequest
from ...models.summary_result import SummaryResult
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    body: SummaryRequest,
    accept: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["accept"] = accept


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/mus/summary",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SummaryResult | None:
    if response.status_code == 200:
        response_200 = SummaryResult.from_dict(response.json())


        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SummaryResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SummaryRequest,
    accept: None | str | Unset = UNSET,

) -> Response[Problem | SummaryResult]:
    """ Summary

     Turn the notes from a MUS into a referat, the agreed goals, to-dos and follow-ups.

    Every point, goal and to-do names the note text it rests on (`start`/`end`); a follow-up
    the notes do not state is `proposed: true`. With `Accept: text/calendar` the answer is an
    iCalendar file with one event per follow-up, goal deadline and to-do due date.

    Args:
        accept (None | str | Unset):
        body (SummaryRequest): Body of `POST /v1/mus/summary`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryResult]
     """


    kwargs = _get_kwargs(
        body=body,
accept=accept,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: SummaryRequest,
    accept: None | str | Unset = UNSET,

) -> Problem | SummaryResult | None:
    """ Summary

     Turn the notes from a MUS into a referat, the agreed goals, to-dos and follow-ups.

    Every point, goal and to-do names the note text it rests on (`start`/`end`); a follow-up
    the notes do not state is `proposed: true`. With `Accept: text/calendar` the answer is an
    iCalendar file with one event per follow-up, goal deadline and to-do due date.

    Args:
        accept (None | str | Unset):
        body (SummaryRequest): Body of `POST /v1/mus/summary`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryResult
     """


    return sync_detailed(
        client=client,
body=body,
accept=accept,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SummaryRequest,
    accept: None | str | Unset = UNSET,

) -> Response[Problem | SummaryResult]:
    """ Summary

     Turn the notes from a MUS into a referat, the agreed goals, to-dos and follow-ups.

    Every point, goal and to-do names the note text it rests on (`start`/`end`); a follow-up
    the notes do not state is `proposed: true`. With `Accept: text/calendar` the answer is an
    iCalendar file with one event per follow-up, goal deadline and to-do due date.

    Args:
        accept (None | str | Unset):
        body (SummaryRequest): Body of `POST /v1/mus/summary`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryResult]
     """


    kwargs = _get_kwargs(
        body=body,
accept=accept,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SummaryRequest,
    accept: None | str | Unset = UNSET,

) -> Problem | SummaryResult | None:
    """ Summary

     Turn the notes from a MUS into a referat, the agreed goals, to-dos and follow-ups.

    Every point, goal and to-do names the note text it rests on (`start`/`end`); a follow-up
    the notes do not state is `proposed: true`. With `Accept: text/calendar` the answer is an
    iCalendar file with one event per follow-up, goal deadline and to-do due date.

    Args:
        accept (None | str | Unset):
        body (SummaryRequest): Body of `POST /v1/mus/summary`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryResult
     """


    return (await asyncio_detailed(
        client=client,
body=body,
accept=accept,

    )).parsed
