"""The `incident-ledger` command line: serve, projects, keys."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from application.projects import IssuedKey
from application.services import Services
from domain.errors import DomainError
from infrastructure.settings import database_url
from infrastructure.wiring import build_services


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (DomainError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incident-ledger",
        description="Event-sourced incident lifecycle service. "
        "Every command reads DATABASE_URL (default sqlite:///./incident-ledger.db).",
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)

    projects = sub.add_parser("projects", help="create and list projects").add_subparsers(
        required=True, metavar="ACTION"
    )
    create = projects.add_parser("create", help="create a project with the default states")
    create.add_argument("name")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=_projects_create)
    listing = projects.add_parser("list", help="list projects")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_projects_list)

    keys = sub.add_parser("keys", help="issue and revoke API keys").add_subparsers(
        required=True, metavar="ACTION"
    )
    key_create = keys.add_parser("create", help="issue a key; the secret is shown once")
    key_create.add_argument("--project", required=True, metavar="PROJECT_ID")
    grants = key_create.add_mutually_exclusive_group(required=True)
    grants.add_argument("--role", choices=("owner", "admin", "member"))
    grants.add_argument("--permission", action="append", metavar="NAME", default=None)
    key_create.add_argument("--json", action="store_true")
    key_create.set_defaults(handler=_keys_create)
    revoke = keys.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("key_id", metavar="API_KEY_ID")
    revoke.set_defaults(handler=_keys_revoke)
    return parser


def _with_services(action: Callable[[Services], int]) -> int:
    services = build_services()
    try:
        return action(services)
    finally:
        services.close()


def _projects_create(args: argparse.Namespace) -> int:
    def run(s: Services) -> int:
        project = s.projects.create(args.name)
        if args.json:
            print(json.dumps({"projectId": project.project_id, "name": project.name}))
        else:
            print(f"created project {project.name!r}: {project.project_id}")
        return 0

    return _with_services(run)


def _projects_list(args: argparse.Namespace) -> int:
    def run(s: Services) -> int:
        for p in s.projects.list():
            line = {"projectId": p.project_id, "name": p.name, "createdAt": p.created_at}
            print(json.dumps(line) if args.json else f"{p.project_id}  {p.name}")
        return 0

    return _with_services(run)


def _keys_create(args: argparse.Namespace) -> int:
    def run(s: Services) -> int:
        key = s.projects.issue_key(args.project, args.role, args.permission or [])
        if args.json:
            print(json.dumps({"apiKey": key.api_key, "apiKeyId": key.api_key_id}))
        else:
            print(f"API key {key.api_key_id} (shown once, keep it): {key.api_key}")
        return 0

    return _with_services(run)


def _keys_revoke(args: argparse.Namespace) -> int:
    def run(s: Services) -> int:
        s.projects.revoke_key(args.key_id)
        print(f"revoked API key {args.key_id}")
        return 0

    return _with_services(run)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 - only `serve` needs the server

    # Prepare the store once, before any worker starts: tables, and on an
    # empty store the Default project with an owner key.
    _with_services(lambda s: _bootstrap(s, args.host, args.port))
    if args.workers > 1:
        os.environ["INCIDENT_LEDGER_SHARED_STORE"] = "1"
    uvicorn.run(
        "api.app:serving_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
    )
    return 0


def _bootstrap(s: Services, host: str, port: int) -> int:
    key = s.projects.bootstrap()
    url = database_url()
    print(f"incident-ledger: store {url}, serving on http://{host}:{port}", flush=True)
    if key is not None:
        _announce(key, f"http://{host}:{port}")
    return 0


def _announce(key: IssuedKey, base: str) -> None:
    print(
        "Created project 'Default' "
        f"({key.project_id}) and an owner API key (shown once, keep it):\n"
        f"  API key id: {key.api_key_id}\n"
        f"  API key:    {key.api_key}\n"
        f"Try: curl -s -X POST {base}/api/incident-state/get-list "
        f"-H 'Content-Type: application/json' -H 'ApiKey: {key.api_key}' "
        '-d \'{"select": {"name": true}}\'',
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
