"""Participation.kon: the person's kön on the spell, so the SUS summary reads the spells alone
(no join to the person for every spell of the period; see benchmarks/report.py).

The database keeps the copy equal to the person's kön whoever writes — the model and its forms
and admin, the import's bulk inserts, bulk_create, a raw INSERT or COPY: a spell takes its
person's kön whenever it is written, and a change of a person's kön reaches all their spells.
(On SQLite a later migration that rebuilds the table drops triggers: tests/participants/
test_kon_copy.py would then fail.)"""

from django.db import migrations, models

FILL = (
    "UPDATE participants_participation SET kon = COALESCE((SELECT p.kon FROM participants_participant p "
    "WHERE p.id = participants_participation.participant_id), kon)"
)

POSTGRESQL = [
    """CREATE FUNCTION participation_takes_person_kon() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.kon := COALESCE((SELECT kon FROM participants_participant WHERE id = NEW.participant_id), NEW.kon);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER participation_takes_person_kon BEFORE INSERT OR UPDATE OF participant_id, kon
    ON participants_participation FOR EACH ROW EXECUTE FUNCTION participation_takes_person_kon()""",
    """CREATE FUNCTION person_kon_to_participations() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE participants_participation SET kon = NEW.kon WHERE participant_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER person_kon_to_participations AFTER UPDATE OF kon ON participants_participant
    FOR EACH ROW WHEN (OLD.kon IS DISTINCT FROM NEW.kon) EXECUTE FUNCTION person_kon_to_participations()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS person_kon_to_participations ON participants_participant",
    "DROP FUNCTION IF EXISTS person_kon_to_participations()",
    "DROP TRIGGER IF EXISTS participation_takes_person_kon ON participants_participation",
    "DROP FUNCTION IF EXISTS participation_takes_person_kon()",
]
# SQLite cannot change the row being inserted: the triggers correct it right after.
SQLITE_PERSON_KON = "(SELECT kon FROM participants_participant WHERE id = NEW.participant_id)"
SQLITE = [
    f"""CREATE TRIGGER participation_takes_person_kon_insert AFTER INSERT ON participants_participation
    WHEN NEW.kon IS NOT {SQLITE_PERSON_KON}
    BEGIN UPDATE participants_participation SET kon = {SQLITE_PERSON_KON} WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER participation_takes_person_kon_update AFTER UPDATE OF participant_id, kon
    ON participants_participation WHEN NEW.kon IS NOT {SQLITE_PERSON_KON}
    BEGIN UPDATE participants_participation SET kon = {SQLITE_PERSON_KON} WHERE id = NEW.id; END""",
    """CREATE TRIGGER person_kon_to_participations AFTER UPDATE OF kon ON participants_participant
    WHEN OLD.kon IS NOT NEW.kon
    BEGIN UPDATE participants_participation SET kon = NEW.kon WHERE participant_id = NEW.id; END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS person_kon_to_participations",
    "DROP TRIGGER IF EXISTS participation_takes_person_kon_update",
    "DROP TRIGGER IF EXISTS participation_takes_person_kon_insert",
]


def _run(schema_editor, statements: dict) -> None:
    for sql in statements[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL, "sqlite": SQLITE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_text_without_control_characters")]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="kon",
            field=models.CharField(blank=True, choices=[("K", "Kvinna"), ("M", "Man")], db_default="", default="",
                                   editable=False, max_length=1, verbose_name="kön"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
