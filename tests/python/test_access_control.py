"""Access control, proven on PostgreSQL: who reads what, and that only dbt's role writes.

Starts the throw-away PostgreSQL cluster (recon.local_postgres) and, as an admin would,
creates the reader group roles of var `reader_roles` with a login member of each (the bi
role only after the first build, as an admin who is late would), builds a small demo world
(with a REVENUE_MISMATCH row), then connects as each member and checks every cell of the
access table of README.md ("Access control (PostgreSQL)"): the table is read from the README,
so it cannot drift from what the database enforces. Also: each reader view holds its mart's
contracted columns minus the ones its folder hides, and its rows minus those of revenue-level
rules, while the mart has them; README's table of marked columns is the YAML's; on DuckDB a
plain build builds the same views without a word about grants; and var `reader_roles` is
checked like every var. The PostgreSQL tests are skipped where initdb and pg_ctl are absent.
"""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest
import yaml
from conftest import DEFAULT_VARS, PROJECT_DIR, DbtProject, assert_failed_with, assert_succeeded
from psycopg2.extensions import connection as Connection
from test_run_vars import InProcessBuild

from recon import local_postgres
from recon.local_postgres import libpq_dsn

ROLES: dict[str, str] = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
    "reader_roles"
]
AUDIENCES = tuple(ROLES)
# The login each audience's test connects as: a member of the audience's group role.
MEMBERS = {audience: f"{audience}_member" for audience in AUDIENCES}
README_SECTION = "## Access control (PostgreSQL)"
# The schemas every database has, which the project neither builds nor grants on.
ENGINE_SCHEMAS = ("public", "information_schema")
# Each cell: a reader of the role can do it, or the database refuses.
ALLOWED, REFUSED = "allowed", "refused"

Rows = Callable[..., list[tuple]]


def readme_tables() -> list[list[list[str]]]:
    """The Markdown tables of README's access-control section, each a list of rows of cells."""
    text = (PROJECT_DIR / "README.md").read_text()
    assert f"\n{README_SECTION}\n" in text, f"README.md has no section {README_SECTION!r}"
    section = text.split(f"\n{README_SECTION}\n", 1)[1].split("\n## ", 1)[0]
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            tables.append(rows)
            rows = []
    return tables


ACCESS_TABLE, COLUMN_TABLE = readme_tables()[:2]
CELLS = [
    (row[0], audience, cell)
    for row in ACCESS_TABLE[1:]
    for audience, cell in zip(AUDIENCES, row[1:], strict=True)
]


def schemas_of(label: str) -> list[str]:
    """The schemas a row of the access table names before its colon."""
    return re.findall(r"`(\w+)`", label.split(":")[0])


def sensitivities(column: dict) -> set[str]:
    """The kinds of `meta: {sensitivity: ...}` of a column of the manifest (one or a list)."""
    kinds = column.get("meta", {}).get("sensitivity") or []
    return {kinds} if isinstance(kinds, str) else set(kinds)


@dataclass
class Manifest:
    """The marts and the readers' views of one build, from its target/manifest.json."""

    nodes: dict[str, dict]

    @classmethod
    def of(cls, project: DbtProject) -> Manifest:
        return cls(json.loads((project.root / "target" / "manifest.json").read_text())["nodes"])

    @property
    def marts(self) -> dict[str, dict]:
        """Every mart a reader view may show: the contracted models of models/marts."""
        return {
            node["name"]: node
            for node in self.nodes.values()
            if node["resource_type"] == "model"
            and node["fqn"][1] == "marts"
            and node["config"]["contract"]["enforced"]
        }

    def views(self, audience: str | None = None) -> list[dict]:
        """The readers' views (of one audience): models of models/access/<audience>/."""
        return [
            node
            for node in self.nodes.values()
            if node["resource_type"] == "model"
            and node["fqn"][1] == "access"
            and audience in (None, node["fqn"][2])
        ]

    def view_of(self, audience: str, mart: str) -> str | None:
        """`schema.name` of the audience's view of a mart, if there is one."""
        for view in self.views(audience):
            if view["alias"] == mart:
                return f"{view['schema']}.{view['alias']}"
        return None

    def marked(self, kinds: set[str]) -> list[tuple[str, str]]:
        """(mart, column) of every mart column whose sensitivity is exactly `kinds`."""
        return [
            (name, column["name"])
            for name, mart in self.marts.items()
            for column in mart["columns"].values()
            if sensitivities(column) == kinds
        ]


def revenue_rules(rows: Rows) -> list[str]:
    """The rules the catalog puts on the revenue level (REVENUE_MISMATCH)."""
    found = [
        name
        for (name,) in rows(
            "select rule_name from recon_reference.rule_catalog where rule_level = 'revenue'"
        )
    ]
    assert found, "the rule catalog has no revenue-level rule"
    return found


def assert_views_show_their_marts_minus_what_they_hide(manifest: Manifest, rows: Rows) -> None:
    """Each view has its mart's declared columns minus the hidden kinds, and its mart's rows
    minus those of revenue-level rules (which the marts do have), on either engine."""
    marts = manifest.marts
    assert {view["alias"] for view in manifest.views("analyst")} == set(marts), (
        "every mart needs its analyst view (models/access/analyst/)"
    )
    assert sorted(view["alias"] for view in manifest.views("bi")) == sorted(
        [
            "fact_customer_reconciliation",
            "fact_exception_lifecycle",
            "fact_reconciliation_exceptions",
            "rpt_active_customer_bridge",
            "rpt_exception_trend",
        ]
    )
    rules = revenue_rules(rows)
    placeholders = ", ".join(f"'{rule}'" for rule in rules)
    revenue_rows_in_marts = 0
    hidden_somewhere = 0
    for view in manifest.views():
        mart = marts[view["alias"]]
        hidden = set(view["config"]["meta"]["hidden_sensitivities"])
        declared = [column["name"] for column in mart["columns"].values()]
        shown = [
            column["name"]
            for column in mart["columns"].values()
            if not sensitivities(column) & hidden
        ]
        built = [
            name
            for (name,) in rows(
                "select column_name from information_schema.columns "
                f"where table_schema = '{view['schema']}' and table_name = '{view['alias']}' "
                "order by ordinal_position"
            )
        ]
        assert built == shown, view["name"]
        hidden_somewhere += len(declared) - len(shown)
        mart_relation = f"{mart['schema']}.{mart['alias']}"
        view_relation = f"{view['schema']}.{view['alias']}"
        [(mart_total,)] = rows(f"select count(*) from {mart_relation}")
        [(view_total,)] = rows(f"select count(*) from {view_relation}")
        if "rule_name" not in declared:
            assert view_total == mart_total, view["name"]
            continue
        revenue = f"select count(*) from {{}} where rule_name in ({placeholders})"
        [(mart_revenue,)] = rows(revenue.format(mart_relation))
        [(view_revenue,)] = rows(revenue.format(view_relation))
        assert view_revenue == 0, view["name"]
        assert view_total == mart_total - mart_revenue, view["name"]
        revenue_rows_in_marts += mart_revenue
    assert revenue_rows_in_marts > 0, "the demo world has no revenue-level exception to hide"
    assert hidden_somewhere > 0


# -- PostgreSQL ---------------------------------------------------------------------------------


@dataclass
class Warehouse:
    """The built cluster: the dbt role's settings, the project copy and its two runs."""

    settings: dict[str, str]
    project: DbtProject
    manifest: Manifest
    first_build: str
    later_run: str

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of a query as the role that runs dbt (the cluster's superuser here)."""
        with psycopg2.connect(libpq_dsn(self.settings)) as con, con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    @contextmanager
    def member(self, audience: str) -> Iterator[Connection]:
        """A connection as the login member of the audience's role (no autocommit: every
        statement a check runs is rolled back)."""
        con = psycopg2.connect(
            host=self.settings["RECON_PG_HOST"],
            port=self.settings["RECON_PG_PORT"],
            dbname=self.settings["RECON_PG_DBNAME"],
            user=MEMBERS[audience],
        )
        try:
            yield con
        finally:
            con.close()

    def relations(self, schemas: list[str]) -> list[tuple[str, str, str]]:
        """(schema, name, first column) of every table and view in the schemas."""
        return self.rows(
            "select t.table_schema, t.table_name, min(c.column_name) "
            "from information_schema.tables as t inner join information_schema.columns as c "
            "on t.table_schema = c.table_schema and t.table_name = c.table_name "
            "where t.table_schema = any(%s) group by 1, 2 order by 1, 2",
            (schemas,),
        )


def attempt(con: Connection, sql: str, params: tuple = ()) -> Exception | list[tuple]:
    """Run one statement as the connection's role, then roll back: its rows, or the error."""
    try:
        with con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    except psycopg2.Error as error:
        return error
    finally:
        con.rollback()


def denied(outcome: Exception | list[tuple]) -> bool:
    """The database refused for want of a privilege (`permission denied ...`)."""
    return isinstance(outcome, psycopg2.errors.InsufficientPrivilege)


def create_roles(settings: dict[str, str], audiences: list[str]) -> None:
    """As an admin: the audiences' group roles (NOLOGIN) and a login member of each."""
    with psycopg2.connect(libpq_dsn(settings)) as con, con.cursor() as cur:
        for audience in audiences:
            cur.execute(f"create role {ROLES[audience]} nologin")
            cur.execute(f"create role {MEMBERS[audience]} login in role {ROLES[audience]}")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    if not local_postgres.available():
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed on this machine")
    with local_postgres.throwaway_cluster() as settings:
        create_roles(settings, ["finance", "analyst"])
        project = DbtProject(tmp_path_factory.mktemp("access") / "project")
        project.env.update(settings, RECON_TARGET="postgres")
        # 160 customers: the smallest demo world with a REVENUE_MISMATCH customer
        project.generate(customers=160, extra=["--postgres-dsn", libpq_dsn(settings)])
        first_build = project.dbt("build", "--exclude", "test_type:unit")
        assert_succeeded(first_build)
        create_roles(settings, ["bi"])
        later_run = project.dbt("run", "--select", "path:models/access/bi")
        assert_succeeded(later_run)
        yield Warehouse(
            settings, project, Manifest.of(project), first_build.stdout, later_run.stdout
        )


def test_a_reader_role_created_after_a_build_is_granted_by_the_next_run(
    warehouse: Warehouse,
) -> None:
    warning = (
        f"reader role {ROLES['bi']} (var reader_roles, bi) does not exist on this server: "
        "nothing is granted to it."
    )
    assert warning in " ".join(warehouse.first_build.split())
    assert "does not exist on this server" not in warehouse.later_run
    with warehouse.member("bi") as con:
        rows = attempt(con, "select count(*) from recon_bi.fact_customer_reconciliation")
    assert rows == warehouse.rows("select count(*) from recon_marts.fact_customer_reconciliation")


def test_the_access_table_has_a_column_per_reader_role_and_covers_every_schema(
    warehouse: Warehouse,
) -> None:
    assert ACCESS_TABLE[0][1:] == [f"`{ROLES[audience]}`" for audience in AUDIENCES]
    named = {schema for row in ACCESS_TABLE[1:] for schema in schemas_of(row[0])}
    in_database = {
        schema
        for (schema,) in warehouse.rows(
            "select nspname from pg_namespace where nspname !~ '^pg_' and nspname != all(%s)",
            (list(ENGINE_SCHEMAS),),
        )
    }
    assert named == in_database


def schema_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    """Select from every table and view of the row's schemas: all allowed, or all refused."""
    schemas = schemas_of(label)
    found = warehouse.relations(schemas)
    outcomes = set()
    with warehouse.member(audience) as con:
        for schema in schemas:
            [(usage,)] = attempt(con, "select has_schema_privilege(%s, 'usage')", (schema,))
            relations = [row for row in found if row[0] == schema]
            if not relations:
                # a schema of functions only (the target schema): USAGE is what would reach them
                outcomes.add(ALLOWED if usage else REFUSED)
            for _, name, _ in relations:
                outcome = attempt(con, f'select * from "{schema}"."{name}" limit 1')
                assert isinstance(outcome, list) or denied(outcome), (schema, name, outcome)
                assert denied(outcome) != usage, (schema, name, outcome)
                outcomes.add(REFUSED if denied(outcome) else ALLOWED)
    assert len(outcomes) == 1, f"{label}: some relations allowed, some refused"
    return outcomes.pop()


def column_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    """Select each column so marked from its mart and from the audience's view of the mart."""
    [marking] = re.findall(r"sensitivity: \[?([\w, ]+)\]?\}", label)
    kinds = {kind.strip() for kind in marking.split(",")}
    marked = warehouse.manifest.marked(kinds)
    assert marked, f"no mart column is marked {marking}"
    outcomes = set()
    with warehouse.member(audience) as con:
        for mart, column in marked:
            in_mart = attempt(con, f"select {column} from recon_marts.{mart} limit 1")
            if audience == "finance":
                assert isinstance(in_mart, list), (mart, column, in_mart)
                outcomes.add(ALLOWED)
                continue
            assert denied(in_mart), (mart, column, in_mart)
            view = warehouse.manifest.view_of(audience, mart)
            if view is None:
                continue
            in_view = attempt(con, f"select {column} from {view} limit 1")
            assert isinstance(in_view, (list, psycopg2.errors.UndefinedColumn)), in_view
            outcomes.add(ALLOWED if isinstance(in_view, list) else REFUSED)
    assert len(outcomes) == 1, f"{label}: some columns allowed, some refused"
    return outcomes.pop()


def rows_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    """Look for revenue-level rows in every relation of the audience with a rule_name, by a
    plain select and through a function of the reader's own that sees each row it is given."""
    rules = revenue_rules(warehouse.rows)
    [(in_marts,)] = warehouse.rows(
        "select count(*) from recon_marts.fact_reconciliation_exceptions where rule_name = any(%s)",
        (rules,),
    )
    assert in_marts > 0, "the demo world has no revenue-level exception"
    relations = [
        f"recon_marts.{name}"
        if audience == "finance"
        else warehouse.manifest.view_of(audience, name)
        for name, mart in warehouse.manifest.marts.items()
        if "rule_name" in mart["columns"]
    ]
    relations = [relation for relation in relations if relation]
    assert relations
    seen: collections.deque[str] = collections.deque()
    with warehouse.member(audience) as con:
        con.notices = seen
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(
                "create function pg_temp.seen(rule text) returns boolean language plpgsql "
                "cost 0.0000001 as $$ begin raise notice 'seen: %', rule; return true; end $$"
            )
            counts = []
            for relation in relations:
                cur.execute(f"select count(*) from {relation} where rule_name = any(%s)", (rules,))
                counts.append(cur.fetchone()[0])
                cur.execute(f"select count(*) from {relation} where pg_temp.seen(rule_name)")
    leaked = [notice for notice in seen if any(f"seen: {rule}\n" in notice for rule in rules)]
    assert bool(sum(counts)) == bool(leaked), (counts, leaked)
    return ALLOWED if sum(counts) else REFUSED


def readable_schemas() -> list[str]:
    """Every schema the access table names."""
    return [schema for row in ACCESS_TABLE[1:] for schema in schemas_of(row[0])]


def write_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    """Insert, update, delete and truncate on every table and view of the table's schemas."""
    outcomes = set()
    with warehouse.member(audience) as con:
        [(privileged,)] = attempt(
            con,
            "select count(*) from pg_class as c inner join pg_namespace as n "
            "on c.relnamespace = n.oid where n.nspname = any(%s) and c.relkind in ('r', 'v', 'p') "
            "and has_table_privilege(c.oid, 'insert, update, delete, truncate')",
            (readable_schemas(),),
        )
        outcomes.add(ALLOWED if privileged else REFUSED)
        relations = warehouse.relations(readable_schemas())
        assert relations
        for schema, name, column in relations:
            relation = f'"{schema}"."{name}"'
            for statement in (
                f"insert into {relation} select * from {relation} where false",
                f'update {relation} set "{column}" = "{column}" where false',
                f"delete from {relation} where false",
                f"truncate {relation}",
            ):
                outcome = attempt(con, statement)
                outcomes.add(REFUSED if isinstance(outcome, Exception) else ALLOWED)
    assert len(outcomes) == 1, f"{label}: some writes allowed or some privileges held"
    return outcomes.pop()


def create_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    """Create a table and a view in every schema the table names."""
    outcomes = set()
    with warehouse.member(audience) as con:
        for schema in readable_schemas():
            for statement in (
                f'create table "{schema}".reader_table (x integer)',
                f'create view "{schema}".reader_view as select 1 as x',
            ):
                outcome = attempt(con, statement)
                assert isinstance(outcome, list) or denied(outcome), (statement, outcome)
                outcomes.add(REFUSED if denied(outcome) else ALLOWED)
    assert len(outcomes) == 1, f"{label}: created in some schemas only"
    return outcomes.pop()


def create_schema_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    with warehouse.member(audience) as con:
        outcome = attempt(con, "create schema reader_schema")
    assert isinstance(outcome, list) or denied(outcome), outcome
    return REFUSED if denied(outcome) else ALLOWED


def temporary_table_outcome(warehouse: Warehouse, audience: str, label: str) -> str:
    with warehouse.member(audience) as con:
        outcome = attempt(con, "create temporary table reader_scratch (x integer)")
    assert isinstance(outcome, list) or denied(outcome), outcome
    return REFUSED if denied(outcome) else ALLOWED


def check_of(label: str) -> Callable[[Warehouse, str, str], str]:
    """The check that observes a row of the access table, by what the row says."""
    if schemas_of(label) and ":" in label:
        return schema_outcome
    if "`meta: {sensitivity:" in label:
        return column_outcome
    if label.startswith("the rows of revenue-level rules"):
        return rows_outcome
    checks = {
        "insert, update, delete, truncate: every table and view above": write_outcome,
        "create a table or a view: every schema above": create_outcome,
        "create a schema": create_schema_outcome,
        "create a temporary table": temporary_table_outcome,
    }
    assert label in checks, f"README's access table row {label!r} has no check in this test"
    return checks[label]


@pytest.mark.parametrize(
    ("label", "audience", "expected"),
    CELLS,
    ids=[f"{ROLES[audience]}: {label[:50]}" for label, audience, _ in CELLS],
)
def test_every_cell_of_the_access_table_is_what_the_database_does(
    warehouse: Warehouse, label: str, audience: str, expected: str
) -> None:
    assert expected in (ALLOWED, REFUSED), f"{label}: cell {expected!r}"
    assert check_of(label)(warehouse, audience, label) == expected


def test_the_reader_views_show_their_marts_minus_what_they_hide(warehouse: Warehouse) -> None:
    assert_views_show_their_marts_minus_what_they_hide(warehouse.manifest, warehouse.rows)
    barriers = warehouse.rows(
        "select count(*) from pg_class as c inner join pg_namespace as n "
        "on c.relnamespace = n.oid where n.nspname in ('recon_analyst', 'recon_bi') "
        "and c.relkind = 'v' and 'security_barrier=true' = any(c.reloptions)"
    )
    assert barriers == [(len(warehouse.manifest.views()),)]


def test_the_role_that_runs_dbt_cannot_be_a_reader(warehouse: Warehouse) -> None:
    result = warehouse.project.dbt(
        "build",
        "--select",
        "fx_rates",
        extra_vars={"reader_roles": {**ROLES, "finance": warehouse.settings["RECON_PG_USER"]}},
    )

    assert_failed_with(
        result,
        "reconciliation refused before building anything",
        f"var reader_roles: finance is '{warehouse.settings['RECON_PG_USER']}', the role that "
        "runs dbt (it owns and writes everything); readers are other roles",
    )


# -- DuckDB -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtProject, str]:
    """A plain build of the same world on DuckDB, and what it printed."""
    project = DbtProject(tmp_path_factory.mktemp("access_duckdb") / "project")
    project.generate(customers=160)
    result = project.dbt("build", "--exclude", "test_type:unit")
    assert_succeeded(result)
    return project, result.stdout


def test_on_duckdb_a_plain_build_builds_the_views_and_grants_nothing(
    duck: tuple[DbtProject, str],
) -> None:
    project, output = duck
    # dbt-duckdb warns "Grants for relations are not supported by DuckDB" for any grants config
    assert "grants" not in output.lower()
    manifest = Manifest.of(project)
    assert all(not node["config"].get("grants") for node in manifest.nodes.values())
    assert_views_show_their_marts_minus_what_they_hide(manifest, project.query)


def test_the_readme_lists_the_marked_columns_as_the_yaml_marks_them(
    duck: tuple[DbtProject, str],
) -> None:
    in_readme = {
        name: {kind.strip() for kind in row[1].split(",")}
        for row in COLUMN_TABLE[1:]
        for name in re.findall(r"`(\w+)`", row[0])
    }
    in_yaml: dict[str, set[str]] = {}
    for mart in Manifest.of(duck[0]).marts.values():
        for column in mart["columns"].values():
            if sensitivities(column):
                assert in_yaml.setdefault(column["name"], sensitivities(column)) == sensitivities(
                    column
                ), f"{column['name']} is marked differently in two marts"

    assert in_readme == in_yaml


# vars of the run (on top of the defaults), fragment of the refusal
REFUSED_ROLES: dict[str, tuple[dict[str, str], str]] = {
    "an audience left out": (
        {"finance": "recon_finance", "analyst": "recon_analyst"},
        "var reader_roles must map exactly finance, analyst, bi to role names, as in "
        "{finance: <role>, analyst: <role>, bi: <role>}",
    ),
    "PUBLIC": (
        {**ROLES, "bi": "public"},
        "var reader_roles: bi is 'public', which PostgreSQL reserves (PUBLIC would give every "
        "role the access); name a group role of its own",
    ),
    "a predefined role": (
        {**ROLES, "analyst": "pg_read_all_data"},
        "var reader_roles: analyst is 'pg_read_all_data', which PostgreSQL reserves",
    ),
    "a name that needs quotes": (
        {**ROLES, "bi": "Recon BI"},
        "var reader_roles: bi must be a role name (lower-case letters, digits and _, at most 63, "
        "not starting with a digit) or empty for no grants; got",
    ),
    "one role for two audiences": (
        {**ROLES, "bi": ROLES["analyst"]},
        f"var reader_roles: bi and analyst are both '{ROLES['analyst']}'; each audience reads "
        "its own schema, so each needs its own role",
    ),
}


def test_reader_roles_is_checked_like_every_var(tmp_path: Path) -> None:
    project = DbtProject(tmp_path / "project")
    project.generate(customers=20)
    build = InProcessBuild(project)
    for case, (roles, fragment) in REFUSED_ROLES.items():
        succeeded, error, ran = build.run({**DEFAULT_VARS, "reader_roles": roles})
        assert not succeeded, case
        assert fragment in error, (case, error)
        assert ran == [], case
    succeeded, error, ran = build.run({**DEFAULT_VARS, "reader_roles": {**ROLES, "bi": ""}})
    assert succeeded, error
    assert "fx_rates" in ran
