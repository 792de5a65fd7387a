"""One settings object for the whole service, read from `COACH_*` variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Service configuration. Build it with `get_settings()` and pass it on; never import a global."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Storage and retrieval
    data_dir: Path = Field(Path(".mus-coach"), description="Index, org documents and keys live here.")
    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Built-in guidance.")
    chroma_url: str | None = Field(None, description="Chroma server URL; unset = embedded store.")
    embedding: Literal["e5", "bm25"] = Field(
        "e5", description="e5 = offline multilingual-e5-small fused with BM25; bm25 = lexical only."
    )
    log_level: str = "INFO"

    # LLM (any OpenAI-compatible endpoint; unset = rules engine)
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_timeout: float = Field(30.0, gt=0)
    llm_max_retries: int = Field(2, ge=0, le=10)
    llm_concurrency: int = Field(4, ge=1, le=256)
    azure_openai_endpoint: str | None = None
    azure_openai_deployment: str | None = None
    azure_openai_api_version: str | None = None
    azure_openai_api_key: SecretStr | None = None

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
