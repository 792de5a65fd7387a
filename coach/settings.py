"""One settings object for the whole service, read from `COACH_*` variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from coach.paths import KNOWLEDGE_DIR


class Settings(BaseSettings):
    """Service configuration: build it with `get_settings()` and pass it on (never a global)."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Storage and retrieval
    data_dir: Path = Field(
        Path(".mus-coach"), description="Index, org documents and keys live here."
    )
    knowledge_dir: Path = Field(KNOWLEDGE_DIR, description="Built-in guidance.")
    chroma_url: str | None = Field(None, description="Chroma server URL; unset = embedded store.")
    index_name: str = Field(
        "passages", pattern=r"^[a-z0-9][a-z0-9-]{1,40}$",
        description="Prefix of the Chroma collections (lets deployments share one server).",
    )
    embedding: Literal["e5", "bm25"] = Field(
        "e5", description="e5 = offline multilingual-e5-small fused with BM25; bm25 = lexical only."
    )
    log_level: str = "INFO"
    feedback_lexicon: Path | None = Field(
        None, description="Feedback analyzer lexicon (YAML); unset = coach/data/feedback_lexicon"
        ".yaml. Lets HR try their own word lists and the eval gate prove a broken one fails."
    )

    # LLM (any OpenAI-compatible endpoint; unset = rules engine)
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout: float = Field(30.0, gt=0)
    llm_max_retries: int = Field(2, ge=0, le=10)
    llm_concurrency: int = Field(4, ge=1, le=256)
    llm_json_mode: Literal["schema", "json_object", "prompt"] = Field(
        "schema", description="How structured output is requested: JSON-schema response_format, "
        "json_object, or instructions only (falls back to prompt once if the server rejects it)."
    )
    llm_temperature: float | None = Field(
        None, ge=0, le=2, description="Sampling temperature; unset = the server's default."
    )
    llm_deadline: float = Field(
        60.0, gt=0, description="Seconds one LLM draft may take in total (all retries and "
        "re-asks) before the rules engine answers."
    )
    redact_detected_names: bool = Field(
        True, description="Also hide first names found in the text (not only those passed in "
        "`names`) before it goes to a model (coach/llm/redaction.py).")
    azure_openai_endpoint: str | None = None
    azure_openai_deployment: str | None = None
    azure_openai_api_version: str | None = None
    azure_openai_api_key: SecretStr | None = None

    # Access, limits and operations (api/security.py, api/ratelimit.py, api/middleware.py)
    api_keys_file: Path | None = Field(
        None, description="Hashed API keys (JSON); default <data_dir>/api_keys.json."
    )
    api_key_hashes: str | None = Field(
        None, description="More keys as comma-separated 'scope:sha256hex' (scope coach|admin)."
    )
    require_auth: bool = Field(False, description="Refuse to start when no API key is configured.")
    rate_limit: str = Field(
        "120/minute", description="Per API key (per client IP when auth is off), `limits` "
        "notation such as '120/minute' or '10/second;300/hour'; 'off' disables."
    )
    rate_limit_storage: str = Field(
        "memory://", description="`limits` storage URI; memory:// is per process, "
        "redis://host:6379 shares the budget between processes (needs the redis package)."
    )
    max_body_bytes: int = Field(64 * 1024, ge=1024, description="Request body limit (413).")
    max_upload_bytes: int = Field(
        4 * 1024 * 1024, ge=1024,
        description="Body limit for POST /v1/knowledge/documents only (admin uploads).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Browser origins allowed by CORS (comma-separated); "
        "empty = no cross-origin access."
    )
    # HTTP server limits (`mus-coach serve`, api/server.py; docs/deployment.md)
    http_max_header_bytes: int = Field(
        16 * 1024, ge=1024, le=1024 * 1024,
        description="Largest request head (request line and headers) in bytes; larger = 431/400.")
    http_max_headers: int = Field(100, ge=10, le=1000, description="Most request headers (431).")
    http_header_timeout: float = Field(
        10.0, gt=0, le=600, description="Seconds a client may take to send its request head.")
    http_body_timeout: float = Field(
        30.0, gt=0, le=3600, description="Seconds a client may take to send its body (408).")
    http_keep_alive_timeout: int = Field(
        5, ge=1, le=600, description="Seconds an idle keep-alive connection stays open.")
    http_max_concurrency: int = Field(
        100, ge=1, le=100_000, description="Most connections and requests at once per process; "
        "beyond it new requests get 503.")
    cpu_workers: int = Field(
        2, ge=1, le=64, description="Threads that run the coaching rules and embeddings, so the "
        "event loop (and /healthz) never waits on them.")
    query_tokens: int = Field(
        128, ge=16, le=512, description="Tokens of a search query (or of feedback and context "
        "used as one) the e5 model reads: its limit is 512, but a query's cost grows with its "
        "tokens (figures in docs/load.md).")
    metrics_public: bool = Field(
        True, description="Serve /metrics without a key; false = admin key needed."
    )

    # Web pages (api/web, docs/web.md)
    web_enabled: bool = Field(True, description="Serve the web pages at / (false = API only).")
    web_auth: Literal["key", "off"] = Field(
        "key", description="key = once API keys exist, the pages ask for one and keep a signed "
        "session cookie; off = pages open (intranet behind an authenticating proxy)."
    )
    web_secret: SecretStr | None = Field(
        None, description="Signs web session cookies; unset = a random secret kept in "
        "<data_dir>/web_secret (shared by workers on one host)."
    )
    web_session_hours: float = Field(12.0, gt=0, le=24 * 30, description="Session lifetime.")
    web_cookie_secure: bool = Field(
        False, description="Always mark cookies Secure (they are anyway on https requests)."
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @property
    def llm_configured(self) -> bool:
        """True when any LLM setting is given (incomplete ones fail in `build_llm`)."""
        return bool(self.azure_openai_endpoint or self.llm_base_url or self.llm_api_key
                    or self.llm_model)

    @property
    def index_dir(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.data_dir / "index"

    @property
    def org_dir(self) -> Path:
        """Where HR's own documents are kept (originals)."""
        return self.data_dir / "org"


def get_settings(**overrides: Any) -> Settings:
    """Build settings from the environment, `.env` and explicit overrides (overrides win)."""
    return Settings(**overrides)
