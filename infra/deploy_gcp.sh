#!/usr/bin/env bash
# Deploy Boussole to Google Cloud Functions (2nd gen, python311), one GCP project per stage.
#
# The functions, triggers and timeouts mirror functions/manifest.py (tests/infra checks it):
#   sms_inbound, sms_status, api  HTTP (functions-framework --asgi: FUNCTION_USE_ASGI=true), public
#   agent_turn      Pub/Sub topic "agent-turns" (cloudevent), retried, dead-lettered after 5 tries
#   inbound_drain   Pub/Sub topic "inbound-spill" (cloudevent), retried with backoff for ~16 h, then
#                   dead-lettered; sms_inbound publishes there when the database cannot take an SMS
#   reminder_sweep  Cloud Scheduler "* * * * *" -> Pub/Sub topic "reminder-sweep-tick" (cloudevent)
#   morning_plan    Cloud Scheduler "* * * * *" -> Pub/Sub topic "morning-plan-tick" (cloudevent)
#   reembed         Cloud Scheduler "*/10 * * * *" -> Pub/Sub topic "reembed-tick" (cloudevent)
#
# A queue function's push subscription is the one Eventarc creates for --trigger-topic; the script
# then sets its dead-letter topic (held by a pull subscription: a topic without one drops messages),
# and for the spill its retry backoff and retention.
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
# Optional: OWN_NUMBERS=+33...,+33... (default: TWILIO_FROM_NUMBER alone), SMS_SEND_RATE=1 (messages/s).
#
# --dry-run prints every command and the env file instead (no gcloud call, nothing built).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY_RUN=0
ONLY=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,29p' "${BASH_SOURCE[0]}"; exit 0 ;;
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
OWN_NUMBERS="${OWN_NUMBERS:-}"
SMS_SEND_RATE="${SMS_SEND_RATE:-1}"
if [[ ! "$OWN_NUMBERS" =~ ^(\+[1-9][0-9]{6,14}(,\+[1-9][0-9]{6,14})*)?$ ]]; then
  echo "OWN_NUMBERS must be comma-separated E.164 numbers (or empty)" >&2; exit 2
fi
if [[ ! "$SMS_SEND_RATE" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "SMS_SEND_RATE must be a number of messages per second" >&2; exit 2
fi
REGION="${GCP_REGION:-europe-west1}"
# Encryption at rest uses AWS KMS (there is no Cloud KMS adapter yet): the key's ARN or alias, reached with AWS
# credentials the functions get through workload identity federation (docs/security.md).
KMS_KEY_ID="${KMS_KEY_ID:-alias/boussole-${BOUSSOLE_STAGE:-dev}-data}"
KMS_REGION="${KMS_REGION:-eu-west-3}"
STAGE="${BOUSSOLE_STAGE:-dev}"
PYTHON="${PYTHON:-python3}"
RUNTIME_SA="${RUNTIME_SA:-boussole-runtime@${PROJECT}.iam.gserviceaccount.com}"
BUILD="${BOUSSOLE_GCF_BUILD:-${ROOT}/build/gcf}"

AGENT_TOPIC="agent-turns"
AGENT_DLQ_TOPIC="agent-turns-dlq"
SPILL_TOPIC="inbound-spill"  # manifest: inbound_drain queue
SPILL_DLQ_TOPIC="inbound-spill-dlq"
SPILL_RETENTION="31d"  # Pub/Sub's maximum, for topics and subscriptions alike
SWEEP_TOPIC="reminder-sweep-tick"
SWEEP_JOB="reminder-sweep"
SWEEP_CRON="* * * * *"  # manifest: reminder_sweep cron
SWEEP_BODY='{"source": "boussole.schedule", "function": "reminder_sweep"}'
MORNING_TOPIC="morning-plan-tick"
MORNING_JOB="morning-plan"
MORNING_CRON="* * * * *"  # manifest: morning_plan cron
MORNING_BODY='{"source": "boussole.schedule", "function": "morning_plan"}'
REEMBED_TOPIC="reembed-tick"
REEMBED_JOB="reembed"
REEMBED_CRON="*/10 * * * *"  # manifest: reembed cron
REEMBED_BODY='{"source": "boussole.schedule", "function": "reembed"}'

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
# Every function gets BOUSSOLE_SPILL: only sms_inbound spills, but shared/config.py refuses to start
# any function in stage/prod without one.
env_yaml() {
  cat <<EOF
BOUSSOLE_ENV: "${STAGE}"
BOUSSOLE_PUBLIC_BASE_URL: "${PUBLIC_BASE_URL}"
BOUSSOLE_SECRETS_ARN: ""
BOUSSOLE_TWILIO_ACCOUNT_SID: "${TWILIO_ACCOUNT_SID}"
BOUSSOLE_TWILIO_FROM_NUMBER: "${TWILIO_FROM_NUMBER}"
BOUSSOLE_UPSTASH_REDIS_REST_URL: "${UPSTASH_REDIS_REST_URL}"
BOUSSOLE_AGENT_QUEUE_URL: "projects/${PROJECT}/topics/${AGENT_TOPIC}"
BOUSSOLE_OWN_NUMBERS: "${OWN_NUMBERS}"
BOUSSOLE_SMS_SEND_RATE: "${SMS_SEND_RATE}"
BOUSSOLE_QUEUE: "pubsub"
BOUSSOLE_SPILL: "pubsub"
BOUSSOLE_SPILL_TARGET: "projects/${PROJECT}/topics/${SPILL_TOPIC}"
BOUSSOLE_TWILIO_WEBHOOK_FRAGMENT: "#rc=3&rp=ct,rt,5xx"
BOUSSOLE_SMS_GATEWAY: "twilio"
BOUSSOLE_CACHE: "upstash"
BOUSSOLE_ENCRYPTION: "kms"
BOUSSOLE_KMS_KEY_ID: "${KMS_KEY_ID}"
BOUSSOLE_AWS_REGION: "${KMS_REGION}"
OTEL_SERVICE_NAME: "boussole"
OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=${STAGE},cloud.provider=gcp"
EOF
}

write_env_files() {
  local common="${BUILD}/env-${STAGE}.yaml" http="${BUILD}/env-${STAGE}-http.yaml"
  if [[ "$DRY_RUN" == 1 ]]; then
    echo "+ write ${common} ${http} (FUNCTION_USE_ASGI=true):"
    env_yaml | sed 's/^/    /'
    return
  fi
  mkdir -p "$BUILD"
  env_yaml > "$common"
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

# ensure_topic <topic> [flags...]: create it with the flags, or apply them to the existing topic.
ensure_topic() {
  local topic="$1"; shift
  if [[ "$DRY_RUN" == 1 ]] || ! gcloud pubsub topics describe "$topic" --project="$PROJECT" >/dev/null 2>&1; then
    run gcloud pubsub topics create "$topic" --project="$PROJECT" "$@"
  elif [[ $# -gt 0 ]]; then
    run gcloud pubsub topics update "$topic" --project="$PROJECT" "$@"
  fi
}

# hold_dead_letters <dlq-topic> [flags...]: a pull subscription "<dlq-topic>-hold" that keeps what is
# dead-lettered until an operator reads or replays it (a topic without a subscription drops messages).
hold_dead_letters() {
  local topic="$1" sub="$1-hold"; shift
  if [[ "$DRY_RUN" == 1 ]] || ! gcloud pubsub subscriptions describe "$sub" --project="$PROJECT" >/dev/null 2>&1; then
    run gcloud pubsub subscriptions create "$sub" --project="$PROJECT" --topic="$topic" \
      --expiration-period=never "$@"
  elif [[ $# -gt 0 ]]; then
    run gcloud pubsub subscriptions update "$sub" --project="$PROJECT" "$@"
  fi
}

PUBSUB_AGENT=""
# The Pub/Sub service agent, which moves messages to a dead-letter topic.
pubsub_agent() {
  if [[ -z "$PUBSUB_AGENT" ]]; then
    local number='<project-number>'
    if [[ "$DRY_RUN" != 1 ]]; then
      number="$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')"
    fi
    PUBSUB_AGENT="serviceAccount:service-${number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  fi
}

# dead_letter <function> <dlq-topic> <max-delivery-attempts> [subscription update flags...]: configure
# the push subscription Eventarc created for the function's --trigger-topic.
dead_letter() {
  local name="$1" dlq="$2" attempts="$3" sub trigger; shift 3
  wanted "$name" || return 0
  if [[ "$DRY_RUN" == 1 ]]; then
    sub="<${name} eventarc subscription>"
  else
    trigger="$(gcloud functions describe "boussole-${name//_/-}" --gen2 --project="$PROJECT" --region="$REGION" \
      --format='value(eventTrigger.trigger)')"
    sub="$(gcloud eventarc triggers describe "$trigger" --format='value(transport.pubsub.subscription)')"
  fi
  run gcloud pubsub subscriptions update "$sub" --project="$PROJECT" \
    --dead-letter-topic="$dlq" --max-delivery-attempts="$attempts" "$@"
  # The Pub/Sub service agent must be able to publish to the DLQ and ack the source subscription.
  pubsub_agent
  run gcloud pubsub topics add-iam-policy-binding "$dlq" --project="$PROJECT" \
    --member="$PUBSUB_AGENT" --role=roles/pubsub.publisher
  run gcloud pubsub subscriptions add-iam-policy-binding "$sub" --project="$PROJECT" \
    --member="$PUBSUB_AGENT" --role=roles/pubsub.subscriber
}

write_env_files
ensure_topic "$AGENT_TOPIC"
ensure_topic "$AGENT_DLQ_TOPIC"
hold_dead_letters "$AGENT_DLQ_TOPIC"
ensure_topic "$SPILL_TOPIC" --message-retention-duration="$SPILL_RETENTION"
ensure_topic "$SPILL_DLQ_TOPIC" --message-retention-duration="$SPILL_RETENTION"
hold_dead_letters "$SPILL_DLQ_TOPIC" --message-retention-duration="$SPILL_RETENTION"
ensure_topic "$SWEEP_TOPIC"
ensure_topic "$MORNING_TOPIC"
ensure_topic "$REEMBED_TOPIC"

# HTTP functions: public (Twilio and API clients); auth happens in the app (Twilio signature,
# tokens). Their env file sets FUNCTION_USE_ASGI=true (= functions-framework --asgi).
HTTP_ENV="${BUILD}/env-${STAGE}-http.yaml"
EVENT_ENV="${BUILD}/env-${STAGE}.yaml"
deploy sms_inbound 10 512 "$HTTP_ENV" --trigger-http --allow-unauthenticated
deploy sms_status 10 512 "$HTTP_ENV" --trigger-http --allow-unauthenticated
deploy api 15 512 "$HTTP_ENV" --trigger-http --allow-unauthenticated

if wanted sms_inbound; then
  # sms_inbound publishes to the spill (BOUSSOLE_SPILL_TARGET) when the database cannot take an SMS.
  run gcloud pubsub topics add-iam-policy-binding "$SPILL_TOPIC" --project="$PROJECT" \
    --member="serviceAccount:${RUNTIME_SA}" --role=roles/pubsub.publisher
fi

# Queue: Pub/Sub -> Eventarc -> cloudevent. --retry redelivers failed turns; the dead-letter
# policy stops after 5 deliveries (SQS maxReceiveCount 5 on AWS).
deploy agent_turn 60 512 "$EVENT_ENV" --trigger-topic="$AGENT_TOPIC" --retry \
  --trigger-service-account="$RUNTIME_SA"
dead_letter agent_turn "$AGENT_DLQ_TOPIC" 5

# Spill: inbound_drain raises while the database is down and Pub/Sub redelivers with exponential
# backoff from 10 s up to the 600 s cap, reached within a few attempts (doubling: 10+20+...+320 =
# 630 s). 100 attempts (the maximum) therefore dead-letter a message after about
# 630 + 93 x 600 = 56,430 s, some 15-16 hours (Pub/Sub counts attempts on a best-effort basis).
# Unacked messages are kept 31 days (the maximum).
deploy inbound_drain 30 512 "$EVENT_ENV" --trigger-topic="$SPILL_TOPIC" --retry \
  --trigger-service-account="$RUNTIME_SA"
dead_letter inbound_drain "$SPILL_DLQ_TOPIC" 100 \
  --min-retry-delay=10s --max-retry-delay=600s --message-retention-duration="$SPILL_RETENTION"

# Schedule: Cloud Scheduler publishes a tick every minute; no --retry (the next tick is the retry,
# and claims use FOR UPDATE SKIP LOCKED so overlapping sweeps are safe).
deploy reminder_sweep 70 512 "$EVENT_ENV" --trigger-topic="$SWEEP_TOPIC" \
  --trigger-service-account="$RUNTIME_SA"

deploy morning_plan 30 512 "$EVENT_ENV" --trigger-topic="$MORNING_TOPIC" \
  --trigger-service-account="$RUNTIME_SA"

deploy reembed 120 512 "$EVENT_ENV" --trigger-topic="$REEMBED_TOPIC" \
  --trigger-service-account="$RUNTIME_SA"

# schedule <function> <job> <cron> <topic> <body>: Cloud Scheduler publishes the tick to the topic.
schedule() {
  local fn=$1 job=$2 cron=$3 topic=$4 body=$5 verb
  wanted "$fn" || return 0
  if [[ "$DRY_RUN" == 1 ]] || ! gcloud scheduler jobs describe "$job" --project="$PROJECT" --location="$REGION" >/dev/null 2>&1; then
    verb=create
  else
    verb=update
  fi
  run gcloud scheduler jobs "$verb" pubsub "$job" \
    --project="$PROJECT" --location="$REGION" \
    --schedule="$cron" --time-zone="Etc/UTC" \
    --topic="$topic" --message-body="$body"
}
schedule reminder_sweep "$SWEEP_JOB" "$SWEEP_CRON" "$SWEEP_TOPIC" "$SWEEP_BODY"
schedule morning_plan "$MORNING_JOB" "$MORNING_CRON" "$MORNING_TOPIC" "$MORNING_BODY"
schedule reembed "$REEMBED_JOB" "$REEMBED_CRON" "$REEMBED_TOPIC" "$REEMBED_BODY"

echo "done: stage=${STAGE} project=${PROJECT} region=${REGION}"
