from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.guidance_response import GuidanceResponse
from ...models.problem import Problem
from ...models.search_guidance_v1_guidance_search_get_audience_type_0 import SearchGuidanceV1GuidanceSearchGetAudienceType0
from ...models.search_guidance_v1_guidance_search_get_language_type_0 import SearchGuidanceV1GuidanceSearchGetLanguageType0
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    q: str,
    k: int | Unset = 5,
    topic: None | str | Unset = UNSET,
    audience: None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset = UNSET,
    language: None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset = UNSET,

) -> dict[str, Any]:


    params: dict[str, Any] = {}

    params["q"] = q

    params["k"] = k

    json_topic: None | str | Unset
    if isinstance(topic, Unset):
        json_topic = UNSET
    else:
        json_topic = topic
    params["topic"] = json_topic

    json_audience: None | str | Unset
    if isinstance(audience, Unset):
        json_audience = UNSET
    elif isinstance(audience, SearchGuidanceV1GuidanceSearchGetAudienceType0):
        json_audience = audience.value
    else:
        json_audience = audience
    params["audience"] = json_audience

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    elif isinstance(language, SearchGuidanceV1GuidanceSearchGetLanguageType0):
        json_language = language.value
    else:
        json_language = language
    params["language"] = json_language


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/guidance/search",
        "params": params,
    }


    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GuidanceResponse | Problem | None:
    if response.status_code == 200:
        response_200 = GuidanceResponse.from_dict(response.json())


        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())


        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())


        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GuidanceResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str,
    k: int | Unset = 5,
    topic: None | str | Unset = UNSET,
    audience: None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset = UNSET,
    language: None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset = UNSET,

) -> Response[GuidanceResponse | Problem]:
    """ Search Guidance

     Guidance passages for a question, best first.

    Danish and English passages are searched together: an explicit `language` puts that language
    first, and the other language fills in when nothing fits.

    Args:
        q (str): What to look for, Danish or English (1-4000 characters).
        k (int | Unset): Number of results. Default: 5.
        topic (None | str | Unset): Only passages with this taxonomy slug.
        audience (None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset): employee/manager
            also return passages written for both; both returns only those.
        language (None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset): Results in this
            language first (the other fills in when nothing fits); absent = the query's language is
            preferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GuidanceResponse | Problem]
     """


    kwargs = _get_kwargs(
        q=q,
k=k,
topic=topic,
audience=audience,
language=language,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    q: str,
    k: int | Unset = 5,
    topic: None | str | Unset = UNSET,
    audience: None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset = UNSET,
    language: None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset = UNSET,

) -> GuidanceResponse | Problem | None:
    """ Search Guidance

     Guidance passages for a question, best first.

    Danish and English passages are searched together: an explicit `language` puts that language
    first, and the other language fills in when nothing fits.

    Args:
        q (str): What to look for, Danish or English (1-4000 characters).
        k (int | Unset): Number of results. Default: 5.
        topic (None | str | Unset): Only passages with this taxonomy slug.
        audience (None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset): employee/manager
            also return passages written for both; both returns only those.
        language (None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset): Results in this
            language first (the other fills in when nothing fits); absent = the query's language is
            preferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GuidanceResponse | Problem
     """


    return sync_detailed(
        client=client,
q=q,
k=k,
topic=topic,
audience=audience,
language=language,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str,
    k: int | Unset = 5,
    topic: None | str | Unset = UNSET,
    audience: None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset = UNSET,
    language: None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset = UNSET,

) -> Response[GuidanceResponse | Problem]:
    """ Search Guidance

     Guidance passages for a question, best first.

    Danish and English passages are searched together: an explicit `language` puts that language
    first, and the other language fills in when nothing fits.

    Args:
        q (str): What to look for, Danish or English (1-4000 characters).
        k (int | Unset): Number of results. Default: 5.
        topic (None | str | Unset): Only passages with this taxonomy slug.
        audience (None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset): employee/manager
            also return passages written for both; both returns only those.
        language (None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset): Results in this
            language first (the other fills in when nothing fits); absent = the query's language is
            preferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GuidanceResponse | Problem]
     """


    kwargs = _get_kwargs(
        q=q,
k=k,
topic=topic,
audience=audience,
language=language,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str,
    k: int | Unset = 5,
    topic: None | str | Unset = UNSET,
    audience: None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset = UNSET,
    language: None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset = UNSET,

) -> GuidanceResponse | Problem | None:
    """ Search Guidance

     Guidance passages for a question, best first.

    Danish and English passages are searched together: an explicit `language` puts that language
    first, and the other language fills in when nothing fits.

    Args:
        q (str): What to look for, Danish or English (1-4000 characters).
        k (int | Unset): Number of results. Default: 5.
        topic (None | str | Unset): Only passages with this taxonomy slug.
        audience (None | SearchGuidanceV1GuidanceSearchGetAudienceType0 | Unset): employee/manager
            also return passages written for both; both returns only those.
        language (None | SearchGuidanceV1GuidanceSearchGetLanguageType0 | Unset): Results in this
            language first (the other fills in when nothing fits); absent = the query's language is
            preferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GuidanceResponse | Problem
     """


    return (await asyncio_detailed(
        client=client,
q=q,
k=k,
topic=topic,
audience=audience,
language=language,

    )).parsed
