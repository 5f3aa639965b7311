"""The actors stage's mentions, looked up by token, for the argument finder."""

from __future__ import annotations

from bisect import bisect_left

#: Plural words that stand for the two people named just before ("the two leaders", "they").
PAIR_WORDS = frozenset({"leaders", "presidents", "men", "sides", "they", "their", "both", "governments", "countries", "nations"})
#: Characters back within which a pair word looks for its two people.
PAIR_WINDOW = 1500


class MentionIndex:
    """Actor mentions of one document by token index."""

    def __init__(self, parsed, actors: list[dict]):
        self.parsed = parsed
        starts = [token.idx for token in parsed]
        self.by_token: dict[int, list[tuple[dict, dict]]] = {}
        self.named: list[tuple[int, int, dict]] = []  # people named (not pronouns), by offset
        for actor in actors:
            for mention in actor["mentions"]:
                first = max(bisect_left(starts, mention["start"] + 1) - 1, 0)
                for i in range(first, len(parsed)):
                    token = parsed[i]
                    if token.idx >= mention["end"]:
                        break
                    if token.idx + len(token.text) > mention["start"]:
                        self.by_token.setdefault(i, []).append((actor, mention))
                if actor["type"] == "person" and mention["kind"] != "pronoun":
                    self.named.append((mention["start"], mention["end"], actor))
        self.named.sort(key=lambda item: item[0])

    def at(self, token) -> list[tuple[dict, dict]]:
        return self.by_token.get(token.i, [])

    def pair_before(self, offset: int) -> list[tuple[dict, dict]]:
        """The last two different people named before ``offset`` ("Xi's talks with Putin ... The two leaders")."""
        people: list[tuple[dict, dict]] = []
        for start, end, actor in reversed(self.named):
            if end > offset:
                continue
            if start < offset - PAIR_WINDOW:
                break
            if all(actor["id"] != seen["id"] for seen, _ in people):
                people.append((actor, {"start": start, "end": end, "text": self.parsed.text[start:end]}))
            if len(people) == 2:
                return list(reversed(people))
        return []


def actor_record(actor: dict, mention: dict) -> dict:
    """An event's view of an actor: who it is and where the sentence names it."""
    return {
        "id": actor["id"], "name": actor["name"], "type": actor["type"], "country": actor.get("country"),
        "role": mention.get("role"), "mention": mention["text"], "start": mention["start"], "end": mention["end"],
    }
