"""The JSON API: every route, its filters, pagination caps, CSV, and empty stores."""

from __future__ import annotations

import csv
import io

import pytest

from eventwire.serve.queries import CSV_COLUMNS

ALL_EVENTS = {"strike/0", "talks/0", "talks/1", "aid/0", "hostile/0"}


def keys(page: dict) -> set[str]:
    return {f"{e['article_id']}/{e['idx']}" for e in page["items"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_EVENTS),
        ("source=USA", {"strike/0", "aid/0"}),
        ("source=usa", {"strike/0", "aid/0"}),
        ("target=IGO", {"talks/0", "talks/1"}),
        ("source=USA&target=UKR", {"aid/0"}),
        ("type=ASSAULT", {"strike/0", "hostile/0"}),
        ("type=assault", {"strike/0", "hostile/0"}),
        ("quad_class=1&quad_class=2", {"talks/0", "aid/0"}),
        ("quad_class=4", {"strike/0", "hostile/0"}),
        ("status=threatened", {"talks/1"}),
        ("start=2020-01-05", {"talks/0", "talks/1", "aid/0", "hostile/0"}),
        ("start=2020-01-04&end=2020-01-12", {"talks/0", "talks/1", "aid/0"}),
        ("end=2020-01-03", {"strike/0"}),
        ("place=bagh", {"strike/0"}),
        ("q=convoy", {"strike/0"}),
        ("q=UKRAINE", {"aid/0"}),
        ("q=european union", {"talks/0", "talks/1"}),
        ("located=true", {"strike/0", "talks/0", "aid/0", "hostile/0"}),
        ("article=talks", {"talks/0", "talks/1"}),
        ("q=matches-nothing", set()),
        # Empty form fields mean "no filter".
        ("start=&end=&source=&target=&type=&place=&q=", ALL_EVENTS),
    ],
)
def test_event_filters(client, query, expected):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    page = response.json()
    assert keys(page) == expected
    assert page["total"] == len(expected)


def test_event_shape(client):
    (event,) = client.get("/api/events?article=strike").json()["items"]
    assert event["type"] == "ASSAULT"
    assert event["quad_class"] == 4
    assert event["quad_label"] == "material conflict"
    assert event["source"] == [{"name": "U.S. forces", "country": "USA", "sector": "MIL"}]
    assert event["place"]["name"] == "Baghdad"
    assert event["place"]["lat"] == pytest.approx(33.34)
    assert event["trigger"] == "struck"
    assert event["article"]["title"] == "U.S. strike near Baghdad"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("sort=intensity&order=asc", "strike/0"),
        ("sort=intensity&order=desc", "aid/0"),
        ("sort=date&order=asc", "strike/0"),
        ("sort=date", "hostile/0"),
        ("sort=type&order=asc", "aid/0"),
        ("sort=quad_class&order=asc", "talks/0"),
    ],
)
def test_event_sort(client, query, first):
    items = client.get(f"/api/events?{query}").json()["items"]
    assert f"{items[0]['article_id']}/{items[0]['idx']}" == first


@pytest.mark.parametrize(
    ("query", "status", "count"),
    [
        ("limit=2", 200, 2),
        ("limit=2&offset=4", 200, 1),
        ("offset=99", 200, 0),
        ("limit=500", 200, 5),
        ("limit=501", 422, None),
        ("limit=100000", 422, None),
        ("limit=0", 422, None),
        ("offset=-1", 422, None),
        ("offset=99999999999", 422, None),
    ],
)
def test_pagination_caps(client, query, status, count):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    if count is not None:
        assert len(response.json()["items"]) == count
        assert response.json()["total"] == 5


@pytest.mark.parametrize(
    "query",
    [
        "start=2020-13-45",
        "start=yesterday",
        "quad_class=5",
        "quad_class=x",
        "status=maybe",
        "sort=title",
        "order=sideways",
        "source=TOOLONG",
        "q=" + "x" * 201,
    ],
)
def test_invalid_values_are_422(client, query):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/events.csv", "/api/events?format=csv"])
def test_csv_download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(ALL_EVENTS)


def test_csv_keeps_filters(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?source=USA").text)))
    assert {(r["article_id"], r["source_countries"]) for r in rows} == {
        ("strike", "USA"),
        ("aid", "USA"),
    }
    assert {r["place"] for r in rows} == {"Baghdad", "KYIV"}


def test_csv_cells_never_start_a_formula():
    from eventwire.serve.api import _csv_safe

    assert _csv_safe(["=HYPERLINK(1)", "+1", "-x", "@A1", "plain", -3.0, None]) == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-x",
        "'@A1",
        "plain",
        -3.0,
        None,
    ]


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("", ["hostile", "aid", "talks", "strike"]),
        ("source=Daily%20Ledger", ["aid", "talks"]),
        ("q=vienna", ["talks"]),
        ("start=2020-01-04&end=2020-01-31", ["aid", "talks"]),
        ("limit=1&offset=1", ["aid"]),
    ],
)
def test_articles(client, query, ids):
    page = client.get(f"/api/articles?{query}").json()
    assert [a["id"] for a in page["items"]] == ids


def test_article_counts(client):
    (strike,) = [a for a in client.get("/api/articles").json()["items"] if a["id"] == "strike"]
    assert (strike["events"], strike["quotes"]) == (1, 2)


def test_article_record(client):
    record = client.get("/api/articles/strike").json()
    assert record["id"] == "strike"
    assert record["text"].startswith("BAGHDAD")
    for item in record["actors"] + record["quotes"] + record["places"] + record["times"]:
        assert record["text"][item["start"] : item["end"]] == item["text"]
    assert record["quotes"][0]["speaker"]["name"] == "Mark Esper"


@pytest.mark.parametrize("article_id", ["nope", "strike%27%20OR%201=1%20--", "a/b/c"])
def test_unknown_article_is_404(client, article_id):
    response = client.get(f"/api/articles/{article_id}")
    assert response.status_code == 404
    assert "no article" in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "series"),
    [
        ("source=USA&target=IRQ", [("2020-01-03", 1, 0, 0, 0, 1, -10.0)]),
        ("source=IRN&target=IGO", [("2020-01-05", 2, 1, 0, 1, 0, -3.0)]),
        (
            "source=USA&by=week",
            [("2019-12-30", 1, 0, 0, 0, 1, -10.0), ("2020-01-06", 1, 0, 1, 0, 0, 7.0)],
        ),
        ("source=usa&by=month&start=2020-01-04", [("2020-01-01", 1, 0, 1, 0, 0, 7.0)]),
        ("source=IRQ", []),
    ],
)
def test_dyads(client, query, series):
    data = client.get(f"/api/dyads?{query}").json()
    got = [
        (
            p["period"],
            p["events"],
            p["verbal_cooperation"],
            p["material_cooperation"],
            p["verbal_conflict"],
            p["material_conflict"],
            p["intensity"],
        )
        for p in data["series"]
    ]
    assert got == series


def test_dyads_rejects_unknown_period(client):
    assert client.get("/api/dyads?by=year").status_code == 422


def test_map_points(client):
    data = client.get("/api/map").json()
    assert data["total"] == 4
    assert {(p["article_id"], p["place"]) for p in data["points"]} >= {
        ("strike", "Baghdad"),
        ("talks", "Vienna"),
        ("aid", "KYIV"),
    }
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in data["points"])
    assert {p["quad_class"] for p in client.get("/api/map?quad_class=4").json()["points"]} == {4}


@pytest.mark.parametrize(
    ("query", "edges"),
    [
        ("", {("USA", "IRQ", 1), ("USA", "UKR", 1), ("IRN", "IGO", 2), ("PRK", "KOR", 1)}),
        ("by=sector&min_count=2", {("IRN-GOV", "IGO", 2)}),
        ("by=sector&source=USA&quad_class=4", {("USA-MIL", "IRQ-REB", 1)}),
        ("start=2020-03-01", set()),
    ],
)
def test_network(client, query, edges):
    data = client.get(f"/api/network?{query}").json()
    assert {(e["source"], e["target"], e["events"]) for e in data["edges"]} == edges
    assert {n["id"] for n in data["nodes"]} == {e[0] for e in edges} | {e[1] for e in edges}


def test_network_mean_intensity(client):
    (edge,) = [e for e in client.get("/api/network").json()["edges"] if e["source"] == "IRN"]
    assert edge["mean_intensity"] == pytest.approx(-1.5)
    assert edge["quad_classes"] == {"1": 1, "2": 0, "3": 1, "4": 0}


def test_sources(client):
    data = client.get("/api/sources").json()
    assert data["totals"] == {"quotes": 4, "named": 3, "anonymous": 1, "unattributed": 0}
    outlets = {o["outlet"]: (o["quotes"], o["named"], o["anonymous"]) for o in data["outlets"]}
    assert outlets["Wire Service"] == (2, 1, 1)
    assert outlets["Daily Ledger"] == (1, 1, 0)
    names = [s["name"] for s in data["speakers"]["items"]]
    assert "Mark Esper" in names
    assert None not in names
    assert {k["kind"] for k in data["kinds"]} == {"named", "anonymous_official", "institution"}


@pytest.mark.parametrize(
    ("query", "quotes"),
    [("outlet=Wire%20Service", 2), ("start=2020-01-04", 2), ("end=2020-01-01", 0)],
)
def test_sources_filters(client, query, quotes):
    assert client.get(f"/api/sources?{query}").json()["totals"]["quotes"] == quotes


def test_sources_speaker_search(client):
    items = client.get("/api/sources?q=esper").json()["speakers"]["items"]
    assert [s["name"] for s in items] == ["Mark Esper"]


def test_overview(client):
    data = client.get("/api/overview").json()
    assert data["counts"]["articles"] == 4
    assert data["counts"]["events"] == 5
    assert data["published"] == {"first": "2020-01-03", "last": "2020-02-01"}
    assert [q["events"] for q in data["quad_classes"]] == [1, 1, 1, 2]
    assert data["top_actors"][0]["mentions"] >= 1
    top = data["top_pairs"][0]
    assert (top["source"], top["target"]) == ("IRN", "IGO")
    assert len(data["latest_articles"]) == 4


def test_facets(client):
    data = client.get("/api/facets").json()
    assert data["types"] == ["AID", "ASSAULT", "CONSULT", "THREATEN"]
    assert {"USA", "IRN", "IGO", "UKR"} <= set(data["countries"])
    assert "Daily Ledger" in data["outlets"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/overview",
        "/api/events",
        "/api/events.csv",
        "/api/articles",
        "/api/dyads",
        "/api/map",
        "/api/network",
        "/api/sources",
        "/api/facets",
    ],
)
def test_empty_store(empty_client, url):
    response = empty_client.get(url)
    assert response.status_code == 200, response.text


def test_empty_store_counts(empty_client):
    assert empty_client.get("/api/sources").json()["totals"]["quotes"] == 0
    assert empty_client.get("/api/events").json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "items": [],
    }


def test_openapi_documents_every_parameter(client):
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/events",
        "/api/events.csv",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/dyads",
        "/api/network",
        "/api/sources",
        "/api/map",
        "/api/overview",
    } <= set(schema["paths"])
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, path
        for parameter in methods["get"].get("parameters", []):
            assert parameter.get("description"), f"{path} {parameter['name']}"
    parameters = schema["paths"]["/api/events"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 500
