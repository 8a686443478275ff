"""No annotator reads a parse the pipeline did not make.

The annotators run on unparsed docs that fail on any read of a parse attribute, sentence rules
split on every script's stops, every language code gets a pipeline, and long texts are
annotated in pieces whose offsets land back in the one text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
import spacy

from counterpoint.annotate import annotate_batch, nlp
from counterpoint.annotate.chunks import split_article
from counterpoint.annotate.entities import find_entities
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article


@dataclass(frozen=True)
class Story:
    language: str
    title: str
    sentences: tuple[str, str, str]  # the body paragraph, sentence by sentence
    quote: str  # the quoted words
    speaker: str  # canonical name
    number: float
    date: str = "2024-03-05"


STORIES = [
    Story(
        "en",
        "Parliament approves a new climate budget",
        (
            "Prime Minister Keir Starmer said: “We will cut emissions faster than anyone.”",
            "On March 5, 2024, more than 12,000 people marched in London.",
            "Unemployment fell to 4.2 percent.",
        ),
        "We will cut emissions faster than anyone.",
        "Keir Starmer",
        12000,
    ),
    Story(
        "fr",
        "Le gouvernement présente son plan pour l’industrie",
        (
            "Le président Emmanuel Macron a déclaré : « Nous soutiendrons nos usines. »",
            "Le 5 mars 2024, plus de 12 000 personnes ont manifesté à Paris.",
            "Le chômage est tombé à 7,5 %.",
        ),
        "Nous soutiendrons nos usines.",
        "Emmanuel Macron",
        12000,
    ),
    Story(
        "de",
        "Regierung beschließt neues Hilfspaket",
        (
            "Bundeskanzler Olaf Scholz sagte: „Wir werden die Ukraine weiter unterstützen.“",
            "Am 5. März 2024 demonstrierten mehr als 12.000 Menschen in Berlin.",
            "Die Inflation stieg auf 3,4 Prozent.",
        ),
        "Wir werden die Ukraine weiter unterstützen.",
        "Olaf Scholz",
        12000,
    ),
    Story(
        "es",
        "El Gobierno aprueba un nuevo plan de vivienda",
        (
            "El presidente Pedro Sánchez afirmó: «Vamos a defender la vivienda pública».",
            "El 5 de marzo de 2024, más de 12.000 personas se manifestaron en Madrid.",
            "El paro bajó al 11,7 %.",
        ),
        "Vamos a defender la vivienda pública",
        "Pedro Sánchez",
        12000,
    ),
    Story(
        "it",
        "Il governo approva il nuovo piano per le pensioni",
        (
            "Il presidente Sergio Mattarella ha detto: «Siamo pronti a sostenere il piano».",
            "Il 5 marzo 2024 oltre 12.000 persone hanno manifestato a Roma.",
            "La disoccupazione è scesa al 7,2%.",
        ),
        "Siamo pronti a sostenere il piano",
        "Sergio Mattarella",
        12000,
    ),
    Story(
        "pt",
        "Governo anuncia novo programa de habitação",
        (
            "O presidente Luiz Inácio Lula da Silva disse: “Vamos reconstruir o país juntos.”",
            "Em 5 de março de 2024, mais de 12.000 pessoas protestaram em Brasília.",
            "A inflação caiu para 4,5%.",
        ),
        "Vamos reconstruir o país juntos.",
        "Luiz Inácio Lula da Silva",
        12000,
    ),
    Story(
        "ru",
        "Правительство объявило о новой программе",
        (
            "Президент России Владимир Путин заявил: «Мы готовы к переговорам с Европой».",
            "5 марта 2024 года более 12 000 человек вышли на улицы Москвы.",
            "Инфляция выросла до 7,4%.",
        ),
        "Мы готовы к переговорам с Европой",
        "Vladimir Putin",
        12000,
    ),
    Story(
        "uk",
        "Уряд оголосив про нову програму відбудови",
        (
            "Президент Володимир Зеленський заявив: «Ми захистимо нашу землю і наших людей».",
            "5 березня 2024 року понад 12 000 людей вийшли на вулиці Києва.",
            "Інфляція знизилася до 4,3%.",
        ),
        "Ми захистимо нашу землю і наших людей",
        "Volodymyr Zelensky",
        12000,
    ),
    Story(
        "tr",
        "Hükümet yeni ekonomi paketini açıkladı",
        (
            'Cumhurbaşkanı Recep Tayyip Erdoğan, "Ekonomiyi birlikte güçlendireceğiz" dedi.',
            "5 Mart 2024'te 12.000 kişi Ankara'da toplandı.",
            "Enflasyon yüzde 67 oldu.",
        ),
        "Ekonomiyi birlikte güçlendireceğiz",
        "Recep Tayyip Erdoğan",
        12000,
    ),
    Story(
        "ar",
        "الحكومة تعلن عن خطة اقتصادية جديدة",
        (
            "قال الرئيس المصري عبد الفتاح السيسي: «سندعم الخطة الجديدة بالكامل».",
            "وفي 5 مارس 2024 تظاهر أكثر من 12000 شخص في القاهرة.",
            "وارتفع التضخم إلى 35%.",
        ),
        "سندعم الخطة الجديدة بالكامل",
        "Abdel Fattah el-Sisi",
        12000,
    ),
    Story(
        "zh",
        "政府宣布新的经济刺激计划",
        (
            "中国国家主席习近平表示：“我们将继续扩大对外开放。”",
            "2024年3月5日，约12000人参加了会议。",
            "失业率下降到5.2%。",
        ),
        "我们将继续扩大对外开放。",
        "Xi Jinping",
        12000,
    ),
    Story(
        "ja",
        "政府が新たな経済対策を発表",
        (
            "岸田文雄首相は「経済対策を急ぐ必要がある」と述べた。",
            "2024年3月5日、約12000人が集会に参加した。",
            "支持率は25％に下がった。",
        ),
        "経済対策を急ぐ必要がある",
        "Fumio Kishida",
        12000,
    ),
    Story(
        "ko",
        "정부, 새 경제 대책 발표",
        (
            '윤석열 대통령은 "경제를 반드시 살리겠다"고 말했다.',
            "2024년 3월 5일 약 12000명이 집회에 참석했다.",
            "실업률은 3.2%로 떨어졌다.",
        ),
        "경제를 반드시 살리겠다",
        "Yoon Suk Yeol",
        12000,
    ),
    Story(
        "hi",
        "सरकार ने नई आर्थिक योजना की घोषणा की",
        (
            'प्रधानमंत्री नरेंद्र मोदी ने कहा, "हम देश को आगे ले जाएंगे।"',
            "5 मार्च 2024 को 12,000 से अधिक लोग दिल्ली में जमा हुए।",
            "महंगाई 5.1 प्रतिशत रही।",
        ),
        "हम देश को आगे ले जाएंगे।",
        "Narendra Modi",
        12000,
    ),
]


# --- no parse, no reading of one ------------------------------------------------------------


class UnparsedDoc:
    """A blank pipeline's doc that fails on anything but its text and what it holds."""

    def __init__(self, text: str) -> None:
        self._doc = spacy.blank("xx")(text)

    @property
    def text(self) -> str:
        return self._doc.text

    def has_annotation(self, attribute: str) -> bool:
        return bool(self._doc.has_annotation(attribute))

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"an annotator read doc.{name} of a doc without a parse")

    def __iter__(self) -> object:
        raise AssertionError("an annotator walked the tokens of a doc without a parse")


def article_of(text: str, language: str) -> Article:
    body, paragraphs = assemble([Block(part, "paragraph") for part in text.split("\n\n")])
    return Article(
        id="u",
        source="unit",
        text=body,
        paragraphs=paragraphs,
        language=language,
        published=datetime(2024, 3, 10),
    )


@pytest.mark.parametrize("story", STORIES, ids=[s.language for s in STORIES])
def test_annotators_on_an_unparsed_doc_read_only_its_text(story: Story) -> None:
    article = article_of(" ".join(story.sentences), story.language)
    doc = UnparsedDoc(article.text)
    article.sentences = nlp.sentences(doc, article.paragraphs, story.language)  # type: ignore[arg-type]
    article.entities = find_entities(article, doc)  # type: ignore[arg-type]
    article.quotes = find_quotes(article, doc)  # type: ignore[arg-type]
    article.times = find_times(article, doc)  # type: ignore[arg-type]
    article.quantities = find_quantities(article, doc)  # type: ignore[arg-type]
    assert [article.span(s.start, s.end) for s in article.sentences] == list(story.sentences)
    assert story.quote in [article.span(q.start, q.end) for q in article.quotes]
    assert story.number in [q.value for q in article.quantities]
    assert story.date in [t.value for t in article.times]


def test_english_rules_on_a_blank_english_pipeline_do_not_crash() -> None:
    """An English doc from a blank pipeline (no model) gets the rule annotators."""
    story = STORIES[0]
    article = article_of(" ".join(story.sentences), "en")
    doc = spacy.blank("en")(article.text)
    assert not nlp.Parse.of(doc).dependencies
    article.sentences = nlp.sentences(doc, article.paragraphs, "en")
    article.entities = find_entities(article, doc)
    article.quotes = find_quotes(article, doc)
    article.times = find_times(article, doc)
    article.quantities = find_quantities(article, doc)
    assert [article.span(s.start, s.end) for s in article.sentences] == list(story.sentences)
    assert (story.quote, "Keir Starmer") in [
        (article.span(q.start, q.end), q.speaker) for q in article.quotes
    ]
    assert 12000 in [q.value for q in article.quantities]
    assert "2024-03-05" in [t.value for t in article.times]


@pytest.mark.parametrize(
    ("language", "text", "cuts"),
    [
        (
            "ja",
            "首相は述べた。支持率は下がった！本当か？",
            ["首相は述べた。", "支持率は下がった！", "本当か？"],
        ),
        (
            "ar",
            "هل ستنجح الخطة؟ قال الوزير إنها ستنجح.",
            ["هل ستنجح الخطة؟", "قال الوزير إنها ستنجح."],
        ),
        ("hi", "सरकार ने योजना बनाई। लोग खुश हैं।", ["सरकार ने योजना बनाई।", "लोग खुश हैं।"]),
        ("ur", "حکومت نے منصوبہ بنایا۔ لوگ خوش ہیں۔", ["حکومت نے منصوبہ بنایا۔", "لوگ خوش ہیں۔"]),
        ("de", "Am 5. März kam Dr. Weber. Er blieb.", ["Am 5. März kam Dr. Weber.", "Er blieb."]),
        (
            "it",
            "Lo ha detto il sig. Rossi. Poi è partito.",
            ["Lo ha detto il sig. Rossi.", "Poi è partito."],
        ),
    ],
)
def test_sentence_rules_split_on_every_script_s_stops(
    language: str, text: str, cuts: list[str]
) -> None:
    article = article_of(text, language)
    doc = nlp.load(language)(article.text)
    found = nlp.sentences(doc, article.paragraphs, language)
    assert [article.span(s.start, s.end) for s in found] == cuts


@pytest.mark.parametrize("language", ["ja", "ko", "th", "vi", "zh", "he", "qq"])
def test_every_language_code_gets_a_pipeline(language: str) -> None:
    """Tokenizers that need packages we do not ship fall back on purpose, as does a code spaCy
    does not know."""
    pipeline = nlp.load(language)
    assert pipeline("Ein Satz. 一句话。").has_annotation("SENT_START")
    assert nlp.pipeline_name(language).startswith("blank:")


# --- long texts in pieces ---------------------------------------------------------------------


def long_italian_text(paragraphs: int) -> str:
    story = STORIES[4]
    return "\n\n".join(f"Paragrafo {n}. " + " ".join(story.sentences) for n in range(paragraphs))


def test_pieces_are_bounded_and_cover_the_text() -> None:
    text = long_italian_text(40) + "\n\n" + "parola " * 3000  # one paragraph over the limit
    article = article_of(text, "it")
    pieces = split_article(article, 2_000)
    assert len(pieces) > 10
    assert all(len(piece.article.text) <= 2_000 for piece in pieces)
    offsets = [piece.offset for piece in pieces]
    assert offsets == sorted(offsets)
    for piece in pieces:
        assert article.text[piece.offset : piece.offset + len(piece.article.text)] == (
            piece.article.text
        )
    in_pieces = "".join(
        p.article.span(b.start, b.end) for p in pieces for b in p.article.paragraphs
    )
    assert in_pieces == "".join(article.span(b.start, b.end) for b in article.paragraphs)


def test_text_longer_than_the_pipeline_allows_is_annotated_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipeline = nlp.load("it")
    monkeypatch.setattr(pipeline, "max_length", 5_000)
    article = article_of(long_italian_text(100), "it")
    assert len(article.text) > 3 * pipeline.max_length
    with pytest.raises(ValueError, match="E088"):
        pipeline(article.text)
    [done] = annotate_batch([article], chunk_chars=4_000)
    story = STORIES[4]
    assert len(done.sentences) == 100 * 4
    quotes = [done.span(q.start, q.end) for q in done.quotes]
    assert quotes == [story.quote] * 100
    assert {q.speaker for q in done.quotes} == {"Sergio Mattarella"}
    assert [q.value for q in done.quantities].count(12000) == 100
    assert [t.value for t in done.times].count("2024-03-05") == 100
    for entity in done.entities:
        assert done.span(entity.start, entity.end) in ("Sergio Mattarella", "Roma")
