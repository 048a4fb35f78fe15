"""What a second-generation ID card says: its 256-byte text (UCS-2 little-endian, space-padded, in
fixed fields) read into a ``Card``. The photo and fingerprint are never part of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.errors import Refused
from registration.people.identity import mask_id

TEXT_BYTES = 256

# (first byte, last byte + 1) of each field in the card's text.
_FIELDS = {
    "name": (0, 30),
    "gender": (30, 32),
    "nation": (32, 36),
    "birth": (36, 52),
    "address": (52, 122),
    "id_number": (122, 158),
    "issuer": (158, 188),
    "valid_from": (188, 204),
    "valid_to": (204, 220),
}

GENDERS = {"1": "male", "2": "female"}
_SPOKEN_GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female"}

# GB/T 3304: the nation codes a card holds.
_NATION_NAMES = (
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
NATIONS = dict(enumerate(_NATION_NAMES, start=1)) | {97: "其他", 98: "外国血统中国籍人士"}


@dataclass(frozen=True)
class Card:
    """One card as read: its holder's name and ID number and what else the card prints.

    ``gender`` is "male", "female" or "" (unreadable); ``birth`` is YYYY-MM-DD; ``nation`` is the
    nation's name (its code where the code is unknown); ``valid_to`` may be "长期".
    """

    name: str
    id_number: str
    gender: str = ""
    nation: str = ""
    birth: str = ""
    address: str = ""
    issuer: str = ""
    valid_from: str = ""
    valid_to: str = ""

    def masked(self) -> dict[str, str]:
        """What may be shown or printed by default: the number masked, no address."""
        return {
            "name": self.name,
            "id_number": mask_id(self.id_number),
            "gender": self.gender,
            "birth": self.birth,
            "nation": self.nation,
        }

    def __repr__(self) -> str:  # never the full number in a log or a traceback
        return f"Card(name={self.name!r}, id_number={mask_id(self.id_number)!r})"


def _date(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) == 8 else text


def _nation(text: str) -> str:
    if text.isdigit():
        return NATIONS.get(int(text), text)
    bare = text.removesuffix("族")  # some services say 汉族 where the card says 汉
    return bare if bare in NATIONS.values() else text


def card_of(
    *,
    name: str,
    id_number: str,
    gender: str = "",
    nation: str = "",
    birth: str = "",
    address: str = "",
    issuer: str = "",
    valid_from: str = "",
    valid_to: str = "",
) -> Card:
    """The card whose fields a reader gave as text, each as a card's text block or a vendor's service
    spells it (gender 1/2 or 男/女, nation a code or a name, dates YYYYMMDD or YYYY-MM-DD);
    ``idcard.bad_text`` where it names nobody."""
    name, id_number = name.strip(), id_number.strip().upper()
    if not name or not id_number:
        raise Refused("idcard.bad_text", why="no name or no ID number")
    gender = gender.strip()
    return Card(
        name=name,
        id_number=id_number,
        gender=GENDERS.get(gender, _SPOKEN_GENDERS.get(gender, "")),
        nation=_nation(nation.strip()),
        birth=_date(birth.strip()),
        address=address.strip(),
        issuer=issuer.strip(),
        valid_from=_date(valid_from.strip()),
        valid_to=_date(valid_to.strip()),
    )


def parse_text(text: bytes) -> Card:
    """The card in a reader's 256-byte text block; ``idcard.bad_text`` where it is not one."""
    if len(text) != TEXT_BYTES:
        raise Refused("idcard.bad_text", why=f"{len(text)} bytes, not {TEXT_BYTES}")
    try:
        fields = {k: text[a:b].decode("utf-16-le").strip(" \x00") for k, (a, b) in _FIELDS.items()}
    except UnicodeDecodeError as exc:
        raise Refused("idcard.bad_text", why="not UCS-2 text") from exc
    return card_of(**fields)


def make_text(card: Card) -> bytes:
    """The 256-byte text block a reader would send for ``card`` (the emulated and demo readers')."""
    code = next((str(c).zfill(2) for c, n in NATIONS.items() if n == card.nation), card.nation)
    gender = next((c for c, g in GENDERS.items() if g == card.gender), "0")
    values = {
        "name": card.name,
        "gender": gender,
        "nation": code,
        "birth": card.birth.replace("-", ""),
        "address": card.address,
        "id_number": card.id_number,
        "issuer": card.issuer,
        "valid_from": card.valid_from.replace("-", ""),
        "valid_to": card.valid_to.replace("-", ""),
    }
    out = bytearray(" ".encode("utf-16-le") * (TEXT_BYTES // 2))
    for key, (a, b) in _FIELDS.items():
        raw = values[key].encode("utf-16-le")[: b - a]
        out[a : a + len(raw)] = raw
    return bytes(out)
