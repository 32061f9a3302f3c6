#!/usr/bin/env bash
# Regenerates the store's migrations from the current model, one set per provider (Migrations/Sqlite,
# Migrations/Postgres). Usage, from anywhere:
#   src/Sas.Interop.Store/regenerate-migrations.sh            # replace both sets by one "Initial" migration each
#   src/Sas.Interop.Store/regenerate-migrations.sh AddPlaceGeo # add a migration named AddPlaceGeo to both sets
# No database is needed: the design-time factories only pick the provider. The test
# "The_model_has_no_change_missing_from_the_migrations" fails until this has been run after a model change.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:-}
dotnet tool restore >/dev/null
project=src/Sas.Interop.Store
if [ -z "$name" ]; then
  rm -rf "$project/Migrations/Sqlite" "$project/Migrations/Postgres"
  name=Initial
fi
for set in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" \
    --context "${set}HubDbContext" --output-dir "Migrations/$set"
done
