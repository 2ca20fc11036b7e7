"""A client of Streamlit's own WebSocket protocol, for load benches: one instance is one browser tab as the
server sees it, without a browser.

It speaks what Streamlit's frontend speaks on ``/_stcore/stream``: binary ``BackMsg`` protobufs up
(``rerun_script`` with the client state: the query string, the page, the widget states) and
``ForwardMsg`` protobufs down (a ``new_session`` as each run starts, the ``delta`` elements it draws,
``page_info_changed`` when the page sets its query string, ``script_finished``). A widget is found by its
key (its element id ends in ``-KEY``) in what the last completed run drew, and a form is submitted as the
frontend submits one: the values of the form's widgets and the submit button's trigger, in one rerun.
What the server's script does with it (``st.query_params``, ``st.rerun``, ``st.stop``) runs as it does for
a browser; the client follows the query string and waits, as the frontend's status widget does, for the
``session_status_changed`` that says no script is running any more, after a run that was not ended early
by ``st.rerun()`` (the session goes idle for a moment then too, and the next run follows).

    async with StreamlitClient("http://127.0.0.1:8501", page="vote", query="code=ABC") as tab:
        await tab.submit({"vote_name": "王芳"}, "vote_join")
        tab.texts("heading")  # what the page now shows
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Run:
    """What one script run drew: its elements in the order they came, as ``(type, element proto)``."""

    elements: list[tuple[str, Any]] = field(default_factory=list)
    status: int | None = None


class StreamlitClient:
    """One simulated tab on a Streamlit server (use as ``async with``)."""

    def __init__(self, base: str, *, page: str = "", query: str = "", locale: str = "zh-CN",
                 timezone: str = "Asia/Shanghai", timeout: float = 60.0) -> None:
        parts = urlsplit(base)
        self.base = base
        self.url = f"ws://{parts.netloc}/_stcore/stream"
        self.page = page
        self.query = query
        self.locale = locale
        self.timezone = timezone
        self.timeout = timeout
        self.last = Run()
        self._current = Run()
        self._done = 0  # runs that ended other than early for a rerun
        self._idle = True  # the server says no script is running
        self._changed = asyncio.Event()
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> StreamlitClient:
        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"],  # type: ignore[list-item]
                                            origin=self.base, max_size=None,  # type: ignore[arg-type]
                                            additional_headers={"Accept-Language": self.locale},
                                            open_timeout=self.timeout)
        self._reader = asyncio.create_task(self._read())
        await self.rerun({})
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()

    async def _read(self) -> None:
        async for data in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self._current = Run()
                self._idle = False
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                self._current.elements.append((name, getattr(element, name)))
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "script_finished":
                self._current.status = msg.script_finished
                if msg.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN:
                    self.last = self._current
                    self._done += 1
            elif kind == "session_status_changed":
                self._idle = not msg.session_status_changed.script_is_running
            self._changed.set()

    async def _settled(self, after: int) -> None:
        """Until more than ``after`` runs have ended (not early for a rerun) and the session is idle."""
        deadline = time.monotonic() + self.timeout
        while self._done <= after or not self._idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no settled run of page {self.page!r} within {self.timeout:g} s")
            if self._reader is not None and self._reader.done():
                raise ConnectionError(f"the server closed the connection: {self._reader.exception()!r}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 1.0))

    async def rerun(self, states: dict[str, WidgetState]) -> None:
        """Send a rerun with these widget states (by element id) and wait for the page to settle."""
        back = BackMsg()
        client = back.rerun_script
        client.query_string = self.query
        client.page_name = self.page
        client.context_info.locale = self.locale  # what st.context.locale reads, as a browser reports it
        client.context_info.timezone = self.timezone
        for widget_id, state in states.items():
            state.id = widget_id
            client.widget_states.widgets.append(state)
        before = self._done
        await self._ws.send(back.SerializeToString())
        await self._settled(before)

    # -- reading what the page shows --------------------------------------------------------------------

    def widget_id(self, key: str) -> str:
        """The element id of the widget with ``key`` in what the last run drew."""
        for _, proto in self.last.elements:
            widget_id = getattr(proto, "id", "")
            if isinstance(widget_id, str) and widget_id.endswith(f"-{key}"):
                return widget_id
        drawn = [getattr(p, "id", "") for _, p in self.last.elements if getattr(p, "id", "")]
        raise LookupError(f"no widget with key {key!r} on the page (widgets: {drawn})")

    def has(self, key: str) -> bool:
        try:
            self.widget_id(key)
        except LookupError:
            return False
        return True

    def texts(self, kind: str) -> list[str]:
        """The text of every element of ``kind`` (``heading``, ``markdown``, ``alert``, ``progress``…)."""
        out = []
        for name, proto in self.last.elements:
            if name == kind:
                out.append(getattr(proto, "body", None) or getattr(proto, "text", ""))
        return out

    # -- acting as a person -----------------------------------------------------------------------------

    async def submit(self, values: dict[str, Any], button: str) -> None:
        """Fill a form's widgets (by key: a ``str`` for a text field, a ``bool`` for a toggle or checkbox, a
        ``list`` of option labels for a segmented control or pills) and press its submit ``button``."""
        states: dict[str, WidgetState] = {}
        for key, value in values.items():
            state = WidgetState()
            if isinstance(value, bool):
                state.bool_value = value
            elif isinstance(value, str):
                state.string_value = value
            elif isinstance(value, list):
                state.string_array_value.data.extend(str(v) for v in value)
            else:
                raise TypeError(f"{key}: no widget value of type {type(value).__name__}")
            states[self.widget_id(key)] = state
        trigger = WidgetState()
        trigger.trigger_value = True
        states[self.widget_id(button)] = trigger
        await self.rerun(states)
