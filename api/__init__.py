"""HTTP API for mus-coach (FastAPI). Routes are thin; logic lives in `coach`."""
