"""The values format v1 is built of: names, bounded numbers, emotions, either-or forms; each with a readable error.

Every type carries the JSON Schema that describes it, so the editor schema says what the model checks.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, StringConstraints, Tag,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

from journeymap.i18n.currencies import CODES
from journeymap.i18n.numbers import format_number
from journeymap.model import emotion


class Strict(BaseModel):
    """A part of the map: unknown keys, wrong types and changes after loading are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty or only spaces")
    return value


# A name or title people read: a diagram node, a column heading. Empty or whitespace-only text is an error.
Name = Annotated[str, AfterValidator(_not_blank),
                 WithJsonSchema({"type": "string", "pattern": r"\S", "description": "not empty or only spaces"})]


def range_check(low: float | None, high: float | None):
    """A validator for an inclusive range (high None = no upper bound) with a readable error."""

    def check(value):
        try:
            float(value)
        except OverflowError:  # an integer beyond any float (YAML reads 10**400 digit by digit)
            raise PydanticCustomError("range", "is too large: a number of {digits} digits",
                                      {"digits": len(str(abs(value)))}) from None
        if not math.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                raise PydanticCustomError("range", "must be {low} or more, got {value}",
                                          {"low": format_number(low), "value": format_number(value)})
            raise PydanticCustomError("range", "must be between {low} and {high}, got {value}",
                                      {"low": format_number(low), "high": format_number(high),
                                       "value": format_number(value)})
        return value
    return check


def bounded(low: float | None, high: float | None, *, integer: bool = False, description: str = ""):
    """A number type with an inclusive range, a readable error and a matching JSON Schema."""
    schema: dict[str, Any] = {"type": "integer" if integer else "number"}
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    if description:
        schema["description"] = description
    return Annotated[int if integer else float, AfterValidator(range_check(low, high)), WithJsonSchema(schema)]


def _emotion_word(value):
    if isinstance(value, str):
        if value in emotion.WORDS:
            return float(emotion.WORDS[value])
        raise PydanticCustomError(
            "emotion_word",
            f"must be a number from {emotion.LOWEST} to {emotion.HIGHEST} or one of {', '.join(emotion.WORDS)}; "
            "got '{word}'", {"word": value})
    return value


# A level of the emotion scale (model/emotion.py) as its number or its word; any number in between.
EmotionValue = Annotated[
    float, BeforeValidator(_emotion_word), AfterValidator(range_check(emotion.LOWEST, emotion.HIGHEST)),
    WithJsonSchema({"oneOf": [{"type": "number", "minimum": emotion.LOWEST, "maximum": emotion.HIGHEST},
                              {"enum": list(emotion.WORDS)}],
                    "description": ", ".join(f"{'+' if level.value > 0 else ''}{level.value} {level.word}"
                                             for level in emotion.LEVELS)}),
]


def either(scalar, mapping, mapping_tag: str = "mapping"):
    """A value that is either a scalar form or a mapping form; errors come from the form given."""
    return Annotated[
        Union[Annotated[scalar, Tag("<scalar>")], Annotated[mapping, Tag(f"<{mapping_tag}>")]],
        Discriminator(lambda v: f"<{mapping_tag}>" if isinstance(v, dict) else "<scalar>"),
    ]


_PersonaId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]

# An emotion for everyone, or per persona id (a touchpoint's `emotion` and `expectation`).
PersonaEmotion = either(EmotionValue, dict[_PersonaId, EmotionValue], "by-persona")


def for_persona(value, persona_id: str) -> float | None:
    """One persona's entry of a PersonaEmotion, else the shared value, else None."""
    return value.get(persona_id) if isinstance(value, dict) else value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError("range", "must be a finite number, got {value}", {"value": str(value)})
    return value


Finite = Annotated[float, AfterValidator(_finite)]


def _currency(code: str) -> str:
    if code in CODES:
        return code
    if isinstance(code, str) and code.upper() in CODES:
        raise PydanticCustomError("currency", "must be written in capitals: '{code}'", {"code": code.upper()})
    from journeymap.suggest import did_you_mean

    # a typo keeps the country's two letters (EUX -> EUR) more often than difflib's ranking guesses
    alike = sorted(known for known in CODES if known[:2] == code[:2].upper())
    hint = f" (did you mean '{alike[0]}'?)" if alike else did_you_mean(code, CODES)
    raise PydanticCustomError("currency", "must be an ISO 4217 currency code such as EUR, USD or CHF, "
                              "got '{code}'{hint}", {"code": code, "hint": hint})


# The map's currency: an active ISO 4217 code (i18n/currencies.py).
Currency = Annotated[str, AfterValidator(_currency),
                     WithJsonSchema({"type": "string", "enum": sorted(CODES),
                                     "description": "ISO 4217 code of the money in the map (clv, cost)"})]

_LEVELS = ("low", "medium", "high")

# An opportunity's cost: a level, or an amount of money (0 or more) in the map's currency.
Cost = Annotated[
    Union[Annotated[Literal[_LEVELS], Tag("<level>")],
          Annotated[float, AfterValidator(range_check(0, None)), Tag("<amount>")]],
    Discriminator(lambda v: "<level>" if isinstance(v, str) else "<amount>"),
    WithJsonSchema({"oneOf": [{"enum": list(_LEVELS)}, {"type": "number", "minimum": 0}],
                    "description": "low, medium or high, or an amount in the map's currency"}),
]
