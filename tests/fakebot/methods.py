"""The Bot API methods the bot calls: sending, editing, deleting, answering callback queries,
commands, chats. Each `_api_<method>` takes the parsed parameters and the uploaded parts and
returns the result, or raises ApiError; see validation.py for what requests are checked against.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from tests.fakebot import validation
from tests.fakebot.errors import (
    BLOCKED,
    CHAT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    bad_request,
)
from tests.fakebot.files import UploadedParts
from tests.fakebot.state import CallbackRecord, Chat, StoredFile, StoredMessage
from tests.fakebot.validation import MAX_ANSWER_TEXT, MAX_CAPTION, MAX_TEXT
from tests.fakebot.views import CallbackAnswer


class MethodsMixin:
    """The Bot API methods of FakeBotAPI (found by their `_api_` prefix)."""

    chats: dict[int, Chat]
    commands: dict[tuple[str, str], list[dict[str, str]]]
    auto_chats: bool
    callback_timeout: float
    _queries: dict[str, CallbackRecord]
    _media_groups: Any

    if TYPE_CHECKING:  # the rest of FakeBotAPI, for the type checker

        def now(self) -> int: ...
        def bot_user(self) -> dict[str, Any]: ...
        def message_json(self, message: StoredMessage) -> dict[str, Any]: ...
        def _emit(self, chat: Chat, message: StoredMessage, kind: str) -> None: ...
        def user(self, user_id: int, first_name: str = ...) -> Any: ...
        def _upload(self, kind: str, value: Any, files: UploadedParts, part: str) -> StoredFile: ...

        bot_id: int

    async def _api_getMe(self, p: dict[str, Any], files: Any) -> Any:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_logOut(self, p: dict[str, Any], files: Any) -> Any:
        return True

    async def _api_close(self, p: dict[str, Any], files: Any) -> Any:
        return True

    async def _api_setMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not (1 <= len(name) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in name
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not (1 <= len(description) <= 256):
                raise bad_request("command description must be non-empty")
        key = (scope_key(p.get("scope")), p.get("language_code") or "")
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _api_getMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        key = (scope_key(p.get("scope")), p.get("language_code") or "")
        return self.commands.get(key, [])

    async def _api_deleteMyCommands(self, p: dict[str, Any], files: Any) -> Any:
        self.commands.pop((scope_key(p.get("scope")), p.get("language_code") or ""), None)
        return True

    async def _api_getChat(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p, sending=False)
        return {
            **chat.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

    async def _api_sendMessage(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        text, entities = validation.formatted(p, "text", "entities", MAX_TEXT, required=True)
        markup = validation.markup(p)
        message = self._bot_message(chat, p, text=text, entities=entities, reply_markup=markup)
        return self.message_json(message)

    async def _api_sendPhoto(self, p: dict[str, Any], files: Any) -> Any:
        return await self._send_media(p, files, "photo")

    async def _api_sendDocument(self, p: dict[str, Any], files: Any) -> Any:
        return await self._send_media(p, files, "document")

    async def _send_media(self, p: dict[str, Any], files: Any, kind: str) -> Any:
        chat = self._target_chat(p)
        caption, caption_entities = validation.formatted(
            p, "caption", "caption_entities", MAX_CAPTION, required=False
        )
        markup = validation.markup(p)
        stored = self._upload(kind, p.get(kind), files, kind)
        message = self._bot_message(
            chat,
            p,
            caption=caption,
            caption_entities=caption_entities,
            reply_markup=markup,
            media=[stored],
        )
        return self.message_json(message)

    async def _api_sendMediaGroup(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        media = p.get("media")
        if not isinstance(media, list):
            raise bad_request("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise bad_request("Too few media in the group" if len(media) < 2 else "Too many media")
        kinds = {m.get("type") for m in media if isinstance(m, dict)}
        if not kinds <= {"photo", "video", "document", "audio"} or (
            len(kinds) != 1 and ("document" in kinds or "audio" in kinds)
        ):
            raise bad_request("MEDIA_INVALID")
        prepared = []
        for item in media:
            caption, caption_entities = validation.formatted(
                item, "caption", "caption_entities", MAX_CAPTION, required=False
            )
            kind = "photo" if item["type"] in ("photo", "video") else "document"
            prepared.append(
                (self._upload(kind, item.get("media"), files, ""), caption, caption_entities)
            )
        group_id = f"{next(self._media_groups):018d}"
        results = []
        for stored, caption, caption_entities in prepared:
            message = self._bot_message(
                chat,
                p,
                caption=caption,
                caption_entities=caption_entities,
                media=[stored],
                media_group_id=group_id,
            )
            results.append(self.message_json(message))
        return results

    async def _api_sendChatAction(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p)
        if p.get("action") not in validation.CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append(p["action"])
        return True

    async def _api_editMessageText(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, entities = validation.formatted(p, "text", "entities", MAX_TEXT, required=True)
        markup = validation.markup(p)
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.text, message.entities, message.reply_markup = text, entities, markup
        message.parse_mode = p.get("parse_mode")
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_editMessageCaption(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        if not message.media:
            raise bad_request("there is no caption in the message to edit")
        caption, entities = validation.formatted(
            p, "caption", "caption_entities", MAX_CAPTION, required=False
        )
        markup = validation.markup(p)
        if (
            caption == message.caption
            and entities == message.caption_entities
            and markup == message.reply_markup
        ):
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.caption, message.caption_entities, message.reply_markup = caption, entities, markup
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_editMessageReplyMarkup(self, p: dict[str, Any], files: Any) -> Any:
        chat, message = self._edit_target(p)
        markup = validation.markup(p)
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED[len("Bad Request: ") :])
        message.history.append(message.snapshot())
        message.reply_markup = markup
        message.edit_date = self.now()
        self._emit(chat, message, "edit")
        return self.message_json(message)

    async def _api_deleteMessage(self, p: dict[str, Any], files: Any) -> Any:
        chat = self._target_chat(p, sending=False)
        message = chat.messages.get(p.get("message_id"))  # type: ignore[arg-type]
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        self._emit(chat, message, "delete")
        return True

    async def _api_answerCallbackQuery(self, p: dict[str, Any], files: Any) -> Any:
        record = self._queries.get(str(p.get("callback_query_id", "")))
        if record is None or record.answered:
            raise ApiError(400, QUERY_TOO_OLD)
        if time.monotonic() - record.created > self.callback_timeout:
            raise ApiError(400, QUERY_TOO_OLD)
        text = p.get("text")
        if text is not None and len(str(text)) > MAX_ANSWER_TEXT:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        record.press.answer = CallbackAnswer(
            record.query_id, text, bool(p.get("show_alert")), p.get("url")
        )
        chat = self.chats.get(record.chat_id)
        if chat is not None:
            chat.last_activity = time.monotonic()
            chat.notify()
        return True

    def _target_chat(self, params: dict[str, Any], *, sending: bool = True) -> Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        chat: Chat | None = None
        if isinstance(chat_id, int):
            chat = self.chats.get(chat_id)
            if chat is None and self.auto_chats and chat_id > 0:
                self.user(chat_id, f"User {chat_id}")
                chat = self.chats[chat_id]
        elif isinstance(chat_id, str) and chat_id.startswith("@"):
            for candidate in self.chats.values():
                if candidate.user is not None and candidate.user.username == chat_id[1:]:
                    chat = candidate
        if chat is None or not chat.known:
            raise ApiError(400, CHAT_NOT_FOUND)
        if sending and chat.blocked:
            raise ApiError(403, BLOCKED)
        chat.last_activity = time.monotonic()
        return chat

    def _bot_message(self, chat: Chat, params: dict[str, Any], **fields: Any) -> StoredMessage:
        reply_to = params.get("reply_to_message_id")
        if isinstance(params.get("reply_parameters"), dict):
            reply_to = params["reply_parameters"].get("message_id")
        if reply_to is not None and reply_to not in chat.messages:
            allow = (params.get("reply_parameters") or {}).get("allow_sending_without_reply")
            if not allow:
                raise bad_request("message to be replied not found")
            reply_to = None
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.next_message_id(),
            date=self.now(),
            sender_id=self.bot_id,
            from_bot=True,
            reply_to=reply_to,
            parse_mode=params.get("parse_mode"),
            **fields,
        )
        chat.messages[message.message_id] = message
        self._emit(chat, message, "message")
        return message

    def _edit_target(self, params: dict[str, Any]) -> tuple[Chat, StoredMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message


def scope_key(scope: Any) -> str:
    if not scope:
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True)
