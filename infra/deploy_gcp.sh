#!/usr/bin/env bash
# Deploy Boussole to Google Cloud Functions (2nd gen, python311), one GCP project per stage.
#
# The functions, triggers and timeouts mirror functions/manifest.py (tests/infra checks it):
#   sms_inbound, api  HTTP (functions-framework --asgi: FUNCTION_USE_ASGI=true), public
#   agent_turn        Pub/Sub topic "agent-turns" (cloudevent), retried, dead-lettered after 5 tries
#   reminder_sweep    Cloud Scheduler "* * * * *" -> Pub/Sub topic "reminder-sweep-tick" (cloudevent)
#
# Each function is deployed from build/gcf/<name>/: shared/ + functions/ + requirements.txt (the
# runtime deps of pyproject.toml) + a one-line main.py that re-exports
# functions.<name>.main.gcf_handler, the --entry-point.
#
# Secrets come from Secret Manager as environment variables (--set-secrets), never from flags:
#   boussole-database-url, boussole-twilio-auth-token, boussole-upstash-redis-rest-token
#
# Usage:
#   GCP_PROJECT=my-proj GCP_REGION=europe-west1 BOUSSOLE_STAGE=prod \
#   PUBLIC_BASE_URL=https://sms.example.org TWILIO_ACCOUNT_SID=AC... TWILIO_FROM_NUMBER=+33... \
#   UPSTASH_REDIS_REST_URL=https://....upstash.io  infra/deploy_gcp.sh [--dry-run] [function ...]
#
# --dry-run prints every command instead of running it (no gcloud call, nothing built).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY_RUN=0
ONLY=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) ONLY+=("$arg") ;;
  esac
done

if [[ "$DRY_RUN" == 1 ]]; then
  PROJECT="${GCP_PROJECT:-my-project}"
  PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-https://sms.example.org}"
  TWILIO_ACCOUNT_SID="${TWILIO_ACCOUNT_SID:-AC00000000000000000000000000000000}"
  TWILIO_FROM_NUMBER="${TWILIO_FROM_NUMBER:-+15005550006}"
  UPSTASH_REDIS_REST_URL="${UPSTASH_REDIS_REST_URL:-https://example.upstash.io}"
else
  PROJECT="${GCP_PROJECT:?set GCP_PROJECT}"
  : "${PUBLIC_BASE_URL:?set PUBLIC_BASE_URL (https, no trailing slash: Twilio signs this URL)}"
  : "${TWILIO_ACCOUNT_SID:?set TWILIO_ACCOUNT_SID}"
  : "${TWILIO_FROM_NUMBER:?set TWILIO_FROM_NUMBER}"
  : "${UPSTASH_REDIS_REST_URL:?set UPSTASH_REDIS_REST_URL}"
fi
REGION="${GCP_REGION:-europe-west1}"
STAGE="${BOUSSOLE_STAGE:-dev}"
PYTHON="${PYTHON:-python3}"
RUNTIME_SA="${RUNTIME_SA:-boussole-runtime@${PROJECT}.iam.gserviceaccount.com}"
BUILD="${BOUSSOLE_GCF_BUILD:-${ROOT}/build/gcf}"

AGENT_TOPIC="agent-turns"
AGENT_DLQ_TOPIC="agent-turns-dlq"
SWEEP_TOPIC="reminder-sweep-tick"
SWEEP_JOB="reminder-sweep"
SWEEP_CRON="* * * * *"  # manifest: reminder_sweep cron
SWEEP_BODY='{"source": "boussole.schedule", "function": "reminder_sweep"}'

SECRETS="BOUSSOLE_DATABASE_URL=boussole-database-url:latest"
SECRETS+=",BOUSSOLE_TWILIO_AUTH_TOKEN=boussole-twilio-auth-token:latest"
SECRETS+=",BOUSSOLE_UPSTASH_REDIS_REST_TOKEN=boussole-upstash-redis-rest-token:latest"

run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}

wanted() {
  [[ ${#ONLY[@]} -eq 0 ]] && return 0
  local n; for n in "${ONLY[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

# Non-secret settings, as YAML env files (values such as OTEL_RESOURCE_ATTRIBUTES hold commas);
# gcloud takes one env source per deploy, so HTTP functions get their own file with
# FUNCTION_USE_ASGI=true (functions-framework's --asgi: the gcf_handler targets are aio/Starlette).
# BOUSSOLE_SECRETS_ARN is AWS-only: on GCP the secrets arrive as variables through --set-secrets.
write_env_files() {
  local common="${BUILD}/env-${STAGE}.yaml" http="${BUILD}/env-${STAGE}-http.yaml"
  if [[ "$DRY_RUN" == 1 ]]; then echo "+ write ${common} ${http} (FUNCTION_USE_ASGI=true)"; return; fi
  mkdir -p "$BUILD"
  cat > "$common" <<EOF
BOUSSOLE_ENV: "${STAGE}"
BOUSSOLE_PUBLIC_BASE_URL: "${PUBLIC_BASE_URL}"
BOUSSOLE_SECRETS_ARN: ""
BOUSSOLE_TWILIO_ACCOUNT_SID: "${TWILIO_ACCOUNT_SID}"
BOUSSOLE_TWILIO_FROM_NUMBER: "${TWILIO_FROM_NUMBER}"
BOUSSOLE_UPSTASH_REDIS_REST_URL: "${UPSTASH_REDIS_REST_URL}"
BOUSSOLE_AGENT_QUEUE_URL: "projects/${PROJECT}/topics/${AGENT_TOPIC}"
BOUSSOLE_QUEUE: "pubsub"
BOUSSOLE_TWILIO_WEBHOOK_FRAGMENT: "#rc=3&rp=ct,rt,5xx"
BOUSSOLE_SMS_GATEWAY: "twilio"
BOUSSOLE_CACHE: "upstash"
OTEL_SERVICE_NAME: "boussole"
OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=${STAGE},cloud.provider=gcp"
EOF
  { cat "$common"; echo 'FUNCTION_USE_ASGI: "true"'; } > "$http"
}

# build/gcf/<name>/: what Cloud Build installs and what functions-framework loads.
stage_source() {
  local name="$1" dir="${BUILD}/$1"
  if [[ "$DRY_RUN" == 1 ]]; then echo "+ stage ${dir} (shared/, functions/, requirements.txt, main.py)"; return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$ROOT" && tar --exclude='__pycache__' --exclude='*.pyc' -cf - shared functions) | tar -xf - -C "$dir"
  "$PYTHON" - "$ROOT/pyproject.toml" > "${dir}/requirements.txt" <<'PY'
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))
PY
  printf 'from functions.%s.main import gcf_handler  # noqa: F401  (entry point)\n' "$name" > "${dir}/main.py"
}

# deploy <name> <timeout-seconds> <memory-mb> <env-file> <trigger flags...>
deploy() {
  local name="$1" timeout="$2" memory="$3" env_file="$4"; shift 4
  wanted "$name" || return 0
  stage_source "$name"
  run gcloud functions deploy "boussole-${name//_/-}" \
    --project="$PROJECT" --region="$REGION" \
    --gen2 --runtime=python311 \
    --source="${BUILD}/${name}" --entry-point=gcf_handler \
    --timeout="${timeout}s" --memory="${memory}Mi" \
    --service-account="$RUNTIME_SA" \
    --env-vars-file="$env_file" \
    --set-secrets="$SECRETS" \
    "$@"
}

ensure_topic() {
  if [[ "$DRY_RUN" == 1 ]] || ! gcloud pubsub topics describe "$1" --project="$PROJECT" >/dev/null 2>&1; then
    run gcloud pubsub topics create "$1" --project="$PROJECT"
  fi
}

write_env_files
ensure_topic "$AGENT_TOPIC"
ensure_topic "$AGENT_DLQ_TOPIC"
ensure_topic "$SWEEP_TOPIC"

# HTTP functions: public (Twilio and API clients); auth happens in the app (Twilio signature,
# tokens). Their env file sets FUNCTION_USE_ASGI=true (= functions-framework --asgi).
HTTP_ENV="${BUILD}/env-${STAGE}-http.yaml"
EVENT_ENV="${BUILD}/env-${STAGE}.yaml"
deploy sms_inbound 10 512 "$HTTP_ENV" --trigger-http --allow-unauthenticated
deploy api 15 512 "$HTTP_ENV" --trigger-http --allow-unauthenticated

# Queue: Pub/Sub -> Eventarc -> cloudevent. --retry redelivers failed turns; the dead-letter
# policy below stops after 5 deliveries (SQS maxReceiveCount 5 on AWS).
deploy agent_turn 60 512 "$EVENT_ENV" --trigger-topic="$AGENT_TOPIC" --retry \
  --trigger-service-account="$RUNTIME_SA"

# Schedule: Cloud Scheduler publishes a tick every minute; no --retry (the next tick is the retry,
# and claims use FOR UPDATE SKIP LOCKED so overlapping sweeps are safe).
deploy reminder_sweep 55 512 "$EVENT_ENV" --trigger-topic="$SWEEP_TOPIC" \
  --trigger-service-account="$RUNTIME_SA"

if wanted reminder_sweep; then
  if [[ "$DRY_RUN" == 1 ]] || ! gcloud scheduler jobs describe "$SWEEP_JOB" --project="$PROJECT" --location="$REGION" >/dev/null 2>&1; then
    verb=create
  else
    verb=update
  fi
  run gcloud scheduler jobs "$verb" pubsub "$SWEEP_JOB" \
    --project="$PROJECT" --location="$REGION" \
    --schedule="$SWEEP_CRON" --time-zone="Etc/UTC" \
    --topic="$SWEEP_TOPIC" --message-body="$SWEEP_BODY"
fi

if wanted agent_turn; then
  # Dead-letter the Eventarc subscription that feeds agent_turn.
  if [[ "$DRY_RUN" == 1 ]]; then
    sub='<agent_turn eventarc subscription>'
  else
    trigger="$(gcloud functions describe boussole-agent-turn --gen2 --project="$PROJECT" --region="$REGION" \
      --format='value(eventTrigger.trigger)')"
    sub="$(gcloud eventarc triggers describe "$trigger" --format='value(transport.pubsub.subscription)')"
  fi
  run gcloud pubsub subscriptions update "$sub" --project="$PROJECT" \
    --dead-letter-topic="$AGENT_DLQ_TOPIC" --max-delivery-attempts=5
  # The Pub/Sub service agent must be able to publish to the DLQ and ack the source subscription.
  if [[ "$DRY_RUN" == 1 ]]; then
    number='<project-number>'
  else
    number="$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')"
  fi
  agent="serviceAccount:service-${number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  run gcloud pubsub topics add-iam-policy-binding "$AGENT_DLQ_TOPIC" --project="$PROJECT" \
    --member="$agent" --role=roles/pubsub.publisher
  run gcloud pubsub subscriptions add-iam-policy-binding "$sub" --project="$PROJECT" \
    --member="$agent" --role=roles/pubsub.subscriber
fi

echo "done: stage=${STAGE} project=${PROJECT} region=${REGION}"
