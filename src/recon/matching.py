"""Match suggestions: the canonical customers an unmapped source record may belong to.

One function, `suggest`, used by the dbt Python model `rpt_match_suggestions` (DuckDB) and by
`recon match suggest --postgres` (PostgreSQL, where dbt runs no Python models), so both write
the same rows. Its input is `int_match_records` of the day: every mapped source record (what
it says of its customer) and every record UNMAPPED_SOURCE_RECORD flags (`is_unmapped`).

How a record is scored (Splink 5, Fellegi-Sunter, on its own in-memory DuckDB connection
that lives for one call; nothing is kept between runs):

- Each candidate customer is one comparison record made of all its mapped records: their
  names, the company domains (the CRM web domain, billing e-mail domains that are not free
  mail), the free-mail domains of its e-mails, and its CRM keys (the CRM accounts it holds
  and the CRM ids its billing customers' `crm_account_ref` names). An unmapped record is
  one such record on its own.
- Names are compared after `normalized_name`: lower case, punctuation and parenthesised
  qualifiers dropped ("(EMEA)"), legal forms dropped (LEGAL_FORMS: "Ltd" and "Limited" alike),
  abbreviations written out (ABBREVIATIONS: "Intl" is "International").
- Blocking (only pairs sharing a key are compared, so the cost follows the unmapped records,
  not the customers squared): a company domain; a CRM key (a billing hint naming a CRM
  account the customer holds, or a mapped billing customer's hint naming the unmapped CRM
  account); a name token shared by at most BLOCKING_TOKEN_MAX_CUSTOMERS customers; or the
  name's first letter with its other tokens (which survives a typo inside the first word). A
  free-mail domain is never a blocking key: thousands share gmail.com.
- Comparisons: name (exact, Jaro-Winkler >= 0.95, >= 0.88, else), domain (company domain
  exact, the same free-mail domain, free mail only on one side against a company domain on
  the other, else: different company domains or different free-mail domains) and CRM key
  (agrees or not). m-probabilities are the priors in M_PRIORS (with few unmapped records, EM
  training is unreliable); u-probabilities are estimated by random sampling (seed U_SEED) of
  pairs of different candidate customers, which are non-matches by definition; a level never
  seen in the sample gets u = 1 / pairs sampled.
- Splink's pairwise odds are then shared among the record's candidates: a record belongs to
  at most one customer, so P(candidate c) = odds_c / (1 + sum of the candidates' odds). Two
  customers with near-identical names split the probability instead of both looking certain.
- The prior: Splink's probability_two_random_records_match is PRIOR_ODDS_EXISTING / N for
  N customers (at most 0.5), the same for every customer. Its odds, 0.5 / (N - 0.5), summed
  over the N customers are 0.5 / (1 - 0.5 / N), about 0.5: before any evidence, a record
  belongs to an existing customer with odds of about 0.5, a probability of about
  0.5 / 1.5 = 1/3 (1/2 with a single customer). The threshold and the measured precision
  and recall (README "Match suggestions") are for this prior.

The threshold (`is_suggested`) and the number of candidates kept per record are dbt vars
(`match_threshold`, `match_max_candidates`), passed in.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

# E-mail domains many unrelated people share: agreeing on one is weak evidence, never a
# blocking key. A company domain is any other e-mail domain.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "icloud.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "yandex.ru",
        "mail.ru",
        "qq.com",
    }
)
# Legal forms, after dots are removed ("G.m.b.H." is "gmbh"): left out of a name.
LEGAL_FORMS = frozenset(
    {
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "llc",
        "corp",
        "corporation",
        "plc",
        "public",
        "company",
        "co",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "kg",
        "llp",
        "lp",
        "pty",
        "pte",
        "oy",
        "ab",
    }
)
# Abbreviations written out before names are compared.
ABBREVIATIONS = {
    "intl": "international",
    "int'l": "international",
    "grp": "group",
    "mfg": "manufacturing",
    "svcs": "services",
    "tech": "technologies",
    "sys": "systems",
    "and": "&",
}
# A name token shared by more customers than this is too common to block on ("logistics").
BLOCKING_TOKEN_MAX_CUSTOMERS = 100
# m-probabilities: P(level | the record belongs to the customer), priors (see the docstring).
M_PRIORS: dict[str, dict[str, float]] = {
    "name": {"exact": 0.45, "jaro_winkler_95": 0.35, "jaro_winkler_88": 0.12, "else": 0.08},
    "domain": {"exact": 0.70, "same_free_mail": 0.05, "free_mail_vs_company": 0.15, "else": 0.10},
    "crm_key": {"agrees": 0.50, "else": 0.50},
}
# Prior odds that an unmapped record belongs to a customer already in the map (any of them
# alike): odds 0.5, a probability of about 1/3 (see the docstring).
PRIOR_ODDS_EXISTING = 0.5
U_SEED = 42
U_MAX_PAIRS = 2_000_000

# rpt_match_suggestions' columns and types, the one list: `suggest` returns them, and
# `recon match` creates the PostgreSQL table and reads the table from them (the model's YAML
# documents them; test_match_suggestions.py checks that it names the same columns).
SUGGESTION_SCHEMA = pa.schema(
    [
        pa.field("suggestion_id", pa.string(), nullable=False),
        pa.field("as_of_date", pa.date32(), nullable=False),
        pa.field("source_system", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("source_name", pa.string()),
        pa.field("candidate_canonical_id", pa.string(), nullable=False),
        pa.field("candidate_name", pa.string()),
        pa.field("match_probability", pa.float64(), nullable=False),
        pa.field("match_rank", pa.int32(), nullable=False),
        pa.field("evidence", pa.string()),
        pa.field("is_suggested", pa.bool_(), nullable=False),
        pa.field("monthly_amount_usd", pa.decimal128(18, 2)),
    ]
)
SUGGESTION_COLUMNS = tuple(SUGGESTION_SCHEMA.names)
# int_match_records' columns, as `suggest` reads them (amounts as doubles: the engines give
# decimals of other scales; the result casts them to decimal(18,2)).
RECORD_SCHEMA = pa.schema(
    [
        pa.field("as_of_date", pa.date32()),
        pa.field("source_system", pa.string()),
        pa.field("source_id", pa.string()),
        pa.field("canonical_id", pa.string()),
        pa.field("is_unmapped", pa.bool_()),
        pa.field("record_name", pa.string()),
        pa.field("web_domain", pa.string()),
        pa.field("email", pa.string()),
        pa.field("crm_account_ref", pa.string()),
        pa.field("monthly_amount_usd", pa.float64()),
    ]
)
RECORD_COLUMNS = tuple(RECORD_SCHEMA.names)

_PARENTHESISED = re.compile(r"\([^)]*\)")
_NOT_A_WORD = re.compile(r"[^0-9a-z&']+")


def _text(value: object) -> str | None:
    """Return `value` as stripped text; None for a null (None, NaN) or blank value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def normalized_name(name: object) -> str | None:
    """Return the name as it is compared: see the module's docstring; None when nothing is left."""
    name = _text(name)
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = _PARENTHESISED.sub(" ", text).replace(".", "")
    words = [ABBREVIATIONS.get(word, word) for word in _NOT_A_WORD.split(text) if word]
    words = [word.strip("'") for word in words if word.strip("'") not in LEGAL_FORMS]
    return " ".join(word for word in words if word) or None


def web_domain(value: object) -> str | None:
    """Return a web domain or URL as a bare domain: `https://www.acme.com/` is `acme.com`."""
    value = _text(value)
    if value is None:
        return None
    text = re.sub(r"^[a-z]+://", "", value.lower())
    text = text.split("/")[0].split(":")[0]
    return text.removeprefix("www.") or None


def email_domain(value: object) -> str | None:
    """Return the domain of an e-mail address, lower case (None without one)."""
    value = _text(value)
    if value is None or "@" not in value:
        return None
    return value.lower().rsplit("@", 1)[1] or None


def _comparisons() -> list[cl.CustomComparison]:
    """Return the three comparisons, with m from M_PRIORS (u is estimated)."""

    def best_jaro_winkler() -> str:
        return (
            "list_max(list_transform(names_l, lambda a: list_max(list_transform(names_r, "
            "lambda b: jaro_winkler_similarity(a, b)))))"
        )

    name, domain, crm = M_PRIORS["name"], M_PRIORS["domain"], M_PRIORS["crm_key"]
    return [
        cl.CustomComparison(
            output_column_name="name",
            comparison_levels=[
                {
                    "sql_condition": "len(names_l) = 0 or len(names_r) = 0",
                    "label_for_charts": "no name",
                    "is_null_level": True,
                },
                {
                    "sql_condition": "list_has_any(names_l, names_r)",
                    "label_for_charts": "exact",
                    "m_probability": name["exact"],
                },
                {
                    "sql_condition": f"{best_jaro_winkler()} >= 0.95",
                    "label_for_charts": "jaro_winkler_95",
                    "m_probability": name["jaro_winkler_95"],
                },
                {
                    "sql_condition": f"{best_jaro_winkler()} >= 0.88",
                    "label_for_charts": "jaro_winkler_88",
                    "m_probability": name["jaro_winkler_88"],
                },
                {
                    "sql_condition": "ELSE",
                    "label_for_charts": "else",
                    "m_probability": name["else"],
                },
            ],
        ),
        cl.CustomComparison(
            output_column_name="domain",
            comparison_levels=[
                {
                    "sql_condition": (
                        "(len(company_domains_l) = 0 and len(free_mail_domains_l) = 0) "
                        "or (len(company_domains_r) = 0 and len(free_mail_domains_r) = 0)"
                    ),
                    "label_for_charts": "no domain",
                    "is_null_level": True,
                },
                {
                    "sql_condition": "list_has_any(company_domains_l, company_domains_r)",
                    "label_for_charts": "exact",
                    "m_probability": domain["exact"],
                },
                {
                    "sql_condition": "list_has_any(free_mail_domains_l, free_mail_domains_r)",
                    "label_for_charts": "same_free_mail",
                    "m_probability": domain["same_free_mail"],
                },
                {
                    # free mail only on one side, a company domain on the other (two
                    # different free-mail domains fall to else)
                    "sql_condition": (
                        "(len(company_domains_l) = 0) != (len(company_domains_r) = 0)"
                    ),
                    "label_for_charts": "free_mail_vs_company",
                    "m_probability": domain["free_mail_vs_company"],
                },
                {
                    "sql_condition": "ELSE",
                    "label_for_charts": "else",
                    "m_probability": domain["else"],
                },
            ],
        ),
        cl.CustomComparison(
            output_column_name="crm_key",
            comparison_levels=[
                {
                    "sql_condition": "len(crm_keys_l) = 0 or len(crm_keys_r) = 0",
                    "label_for_charts": "no crm key",
                    "is_null_level": True,
                },
                {
                    "sql_condition": "list_has_any(crm_keys_l, crm_keys_r)",
                    "label_for_charts": "agrees",
                    "m_probability": crm["agrees"],
                },
                {
                    "sql_condition": "ELSE",
                    "label_for_charts": "else",
                    "m_probability": crm["else"],
                },
            ],
        ),
    ]


def _blocking_rules() -> list[Any]:
    """Return the blocking rules: only pairs sharing one of these keys are compared."""
    return [
        block_on("company_domains", arrays_to_explode=["company_domains"]),
        block_on("crm_keys", arrays_to_explode=["crm_keys"]),
        block_on("name_keys", arrays_to_explode=["name_keys"]),
    ]


def _settings(link_type: str, prior: float, u_values: dict | None = None) -> SettingsCreator:
    """Splink settings; with `u_values` ({comparison: {level: u}}) the u-probabilities are fixed."""
    comparisons = _comparisons()
    if u_values is not None:
        for comparison in comparisons:
            for level in comparison._comparison_levels:
                label = level["label_for_charts"]
                if not level.get("is_null_level"):
                    level["u_probability"] = u_values[comparison._output_column_name][label]
    return SettingsCreator(
        link_type=link_type,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=_blocking_rules(),
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )


def _prepare(con: duckdb.DuckDBPyConnection, records: pa.Table) -> None:
    """Create the comparison records: `unmapped` (per record) and `candidates` (per customer)."""
    table = records.select(list(RECORD_COLUMNS)).cast(RECORD_SCHEMA)
    names = table.column("record_name").to_pylist()
    web_domains = [web_domain(value) for value in table.column("web_domain").to_pylist()]
    mail_domains = [email_domain(value) for value in table.column("email").to_pylist()]
    systems = table.column("source_system").to_pylist()
    derived = {
        "name_norm": [normalized_name(name) for name in names],
        "company_domain": [
            web or (mail if mail not in FREE_MAIL_DOMAINS else None)
            for web, mail in zip(web_domains, mail_domains, strict=True)
        ],
        "free_mail_domain": [mail if mail in FREE_MAIL_DOMAINS else None for mail in mail_domains],
        "crm_key": [
            source_id if system == "crm" else None
            for system, source_id in zip(
                systems, table.column("source_id").to_pylist(), strict=True
            )
        ],
        "crm_ref": [
            None if _text(ref) is None else _text(ref).lower()
            for ref in table.column("crm_account_ref").to_pylist()
        ],
    }
    # Arrow with explicit types: a pandas column that starts with nulls would be read as
    # another type.
    frame = pa.table(
        {
            **{name: table.column(name) for name in table.column_names},
            **{name: pa.array(values, type=pa.string()) for name, values in derived.items()},
        }
    )
    con.register("record_frame", frame)
    con.execute(
        """
        create table prepared as
        select
            *,
            -- the name's tokens, and its shape: first letter and the other tokens, in order
            string_split(name_norm, ' ') as tokens,
            left(name_norm, 1) || '|' || array_to_string(string_split(name_norm, ' ')[2:], ' ')
                as shape_key
        from record_frame
        """
    )
    con.execute(
        """
        create table common_tokens as
        select token
        from (
            select distinct canonical_id, unnest(tokens) as token
            from prepared
            where canonical_id is not null
        )
        group by token
        having count(*) > $max_customers
        """,
        {"max_customers": BLOCKING_TOKEN_MAX_CUSTOMERS},
    )
    con.execute(
        """
        create table keyed as
        with exploded as (
            select source_system, source_id, unnest(tokens) as token
            from prepared
        ),
        rare as (
            select source_system, source_id, list(distinct token) as rare_tokens
            from exploded
            where length(token) >= 3 and token not in (select token from common_tokens)
            group by source_system, source_id
        )
        select prepared.*, coalesce(rare.rare_tokens, []) as rare_tokens
        from prepared
        left join rare using (source_system, source_id)
        """
    )
    # each a sorted list (empty, never null), so that the rows are the same on every run
    described = """
        list_sort(coalesce(list(distinct name_norm) filter (where name_norm is not null), []))
            as names,
        list_sort(coalesce(
            list(distinct company_domain) filter (where company_domain is not null), []
        )) as company_domains,
        list_sort(coalesce(
            list(distinct free_mail_domain) filter (where free_mail_domain is not null), []
        )) as free_mail_domains,
        list_sort(list_distinct(
            coalesce(list(crm_key) filter (where crm_key is not null), [])
            || coalesce(list(crm_ref) filter (where crm_ref is not null), [])
        )) as crm_keys,
        -- the CRM accounts among them (the evidence says whether a CRM key is one of them)
        list_sort(coalesce(list(distinct crm_key) filter (where crm_key is not null), []))
            as crm_accounts,
        list_sort(list_distinct(
            flatten(list(list_transform(rare_tokens, lambda t: 't:' || t)))
            || coalesce(list('s:' || shape_key) filter (where name_norm is not null), [])
        )) as name_keys
    """
    con.execute(
        f"""
        create table unmapped as
        select
            'u|' || source_system || '|' || source_id as unique_id,
            'unmapped' as source_dataset,
            -- the record's key as columns, never parsed back out of unique_id (an id may hold
            -- a '|'); Splink's two inputs have the same columns, so the candidates carry them
            -- (null) and the unmapped records carry canonical_id (null)
            source_system,
            source_id,
            cast(null as varchar) as canonical_id,
            {described}
        from keyed
        where is_unmapped
        group by source_system, source_id
        order by unique_id
        """
    )
    con.execute(
        f"""
        create table candidates as
        select
            'c|' || canonical_id as unique_id,
            'candidates' as source_dataset,
            cast(null as varchar) as source_system,
            cast(null as varchar) as source_id,
            canonical_id,
            {described}
        from keyed
        where canonical_id is not null
        group by canonical_id
        order by unique_id
        """
    )


def _estimate_u(con: duckdb.DuckDBPyConnection, prior: float) -> dict[str, dict[str, float]]:
    """Return u per level, from seeded random pairs of different candidate customers."""
    db_api = DuckDBAPI(con)
    linker = Linker(
        db_api.register("candidates", table_name="u_population"),
        _settings("dedupe_only", prior),
        log_level=None,
    )
    customers = con.execute("select count(*) from candidates").fetchall()[0][0]
    pairs = max(1, min(U_MAX_PAIRS, customers * (customers - 1) // 2))
    linker.training.estimate_u_using_random_sampling(
        max_pairs=pairs, seed=U_SEED, min_count_per_level=None
    )
    model = linker.misc.save_model_to_json()
    u_values: dict[str, dict[str, float]] = {}
    for comparison in model["comparisons"]:
        levels = u_values.setdefault(comparison["output_column_name"], {})
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            u = level.get("u_probability")
            levels[level["label_for_charts"]] = (
                u if isinstance(u, float) and u > 1 / pairs else 1 / pairs
            )
    return u_values


def suggest(records: pa.Table, *, threshold: float, max_candidates: int) -> pa.Table:
    """Score the unmapped records of `records` (int_match_records of one day) against the customers.

    Returns one row per record and candidate (at most `max_candidates` per record, best
    first), with the columns SUGGESTION_COLUMNS.
    """
    con = duckdb.connect()
    try:
        # one thread: the same rows in the same order on every run
        con.execute("set threads = 1")
        _prepare(con, records)
        customers = con.execute("select count(*) from candidates").fetchall()[0][0]
        unmapped = con.execute("select count(*) from unmapped").fetchall()[0][0]
        if customers == 0 or unmapped == 0:
            return _empty()
        prior = min(0.5, PRIOR_ODDS_EXISTING / customers)
        u_values = _estimate_u(con, prior)
        db_api = DuckDBAPI(con)
        linker = Linker(
            [
                db_api.register("unmapped", table_name="left_unmapped"),
                db_api.register("candidates", table_name="right_candidates"),
            ],
            _settings("link_only", prior, u_values),
            log_level=None,
        )
        predictions = linker.inference.predict(warning_mode="never")
        con.execute(
            f"create table pairs as select * from {predictions.physical_name}"  # noqa: S608
        )
        return _suggestions(con, threshold, max_candidates)
    finally:
        con.close()


def _empty() -> pa.Table:
    """Return no suggestions, with the columns and types of a result."""
    return SUGGESTION_SCHEMA.empty_table()


def _suggestions(con: duckdb.DuckDBPyConnection, threshold: float, max_candidates: int) -> pa.Table:
    """Return the scored pairs as suggestions: shared odds, rank, evidence, a few per record."""
    table = con.sql(
        """
        with oriented as (
            select
                case when source_dataset_l = 'unmapped' then unique_id_l else unique_id_r end
                    as record_uid,
                case when source_dataset_l = 'unmapped' then unique_id_r else unique_id_l end
                    as candidate_uid,
                match_weight,
                gamma_name,
                gamma_domain,
                gamma_crm_key
            from pairs
        ),
        shared as (
            select
                *,
                -- the record belongs to at most one customer: the candidates share the odds
                pow(2, match_weight)
                / (1 + sum(pow(2, match_weight)) over (partition by record_uid))
                    as match_probability
            from oriented
        ),
        ranked as (
            select
                *,
                row_number() over (
                    partition by record_uid
                    order by match_probability desc, candidate_uid
                ) as match_rank
            from shared
        ),
        kept as (
            select
                ranked.*,
                u.source_system,
                u.source_id,
                c.canonical_id as candidate_canonical_id,
                u.names as record_names,
                u.company_domains as record_domains,
                u.crm_keys as record_crm_keys,
                u.free_mail_domains as record_free_mail,
                c.names as candidate_names,
                c.company_domains as candidate_domains,
                c.crm_keys as candidate_crm_keys,
                c.crm_accounts as candidate_crm_accounts
            from ranked
            inner join unmapped as u on ranked.record_uid = u.unique_id
            inner join candidates as c on ranked.candidate_uid = c.unique_id
            where match_rank <= $max_candidates
        ),
        named as (
            -- a customer's display name: its CRM account's, else its billing customer's,
            -- else its tenant's (the first by key)
            select
                canonical_id,
                arg_min(
                    record_name,
                    case source_system when 'crm' then 1 when 'billing' then 2 else 3 end
                    || source_id
                ) as candidate_name
            from prepared
            where canonical_id is not null and record_name is not null
            group by canonical_id
        ),
        evidence as (
            select
                kept.*,
                list_max(list_transform(record_names, lambda a: list_max(list_transform(
                    candidate_names, lambda b: jaro_winkler_similarity(a, b)
                )))) as name_similarity,
                list_intersect(record_domains, candidate_domains)[1] as shared_domain,
                list_intersect(record_crm_keys, candidate_crm_keys)[1] as shared_crm_key,
                list_intersect(record_crm_keys, candidate_crm_accounts)[1] as held_crm_key
            from kept
        )
        select
            md5(
                evidence.source_system || '|' || evidence.source_id || '|'
                || evidence.candidate_canonical_id
            ) as suggestion_id,
            records.as_of_date,
            evidence.source_system,
            evidence.source_id,
            records.record_name as source_name,
            evidence.candidate_canonical_id,
            named.candidate_name,
            round(match_probability, 6) as match_probability,
            cast(match_rank as integer) as match_rank,
            concat_ws(
                '; ',
                case gamma_name
                    when 3 then 'name exact (' || record_names[1] || ')'
                    when -1 then null
                    else 'name jaro-winkler ' || printf('%.2f', name_similarity)
                        || ' (' || record_names[1] || ')'
                end,
                case gamma_domain
                    when 3 then 'domain exact (' || shared_domain || ')'
                    when 2 then 'same free-mail domain (' || record_free_mail[1]
                        || ', weak evidence)'
                    when 1 then 'free-mail address against the company domain'
                    when 0 then
                        case
                            when len(record_domains) > 0 then 'different company domains'
                            else 'different free-mail domains'
                        end
                end,
                case
                    when gamma_crm_key = 1 and evidence.source_system = 'crm'
                        then 'a billing customer of the candidate names this CRM account in '
                        || 'crm_account_ref'
                    when gamma_crm_key = 1 and held_crm_key is not null
                        then 'crm_account_ref names ' || held_crm_key || ', mapped to it'
                    when gamma_crm_key = 1
                        then 'crm_account_ref names ' || shared_crm_key
                        || ', as a billing customer of the candidate does'
                end
            ) as evidence,
            -- on the value stored, so that is_suggested agrees with match_probability
            round(match_probability, 6) >= $threshold as is_suggested,
            cast(records.monthly_amount_usd as decimal(18, 2)) as monthly_amount_usd
        from evidence
        inner join prepared as records
            on
                evidence.source_system = records.source_system
                and evidence.source_id = records.source_id
                and records.is_unmapped
        left join named on evidence.candidate_canonical_id = named.canonical_id
        order by evidence.source_system, evidence.source_id, match_rank
        """,
        params={"threshold": threshold, "max_candidates": max_candidates},
    ).to_arrow_table()
    return table.cast(SUGGESTION_SCHEMA)


# Splink reports its progress and its advice on the logger "splink": only errors here.
logging.getLogger("splink").setLevel(logging.ERROR)
