#!/usr/bin/env bash
# Thin wrapper kept for operators of the Python bot: same as `./mcpbot init-db`.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mcpbot" init-db "$@"
