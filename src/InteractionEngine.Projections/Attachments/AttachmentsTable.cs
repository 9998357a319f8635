using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace InteractionEngine.Projections.Attachments;

/// <summary>
/// The uploads table, registered with the store (<c>Storage.ExtendedSchemaObjects</c>) so that applying the store's
/// schema creates it with everything else. It stays in the public schema with the columns and key name it was first
/// created with (a hand-written <c>create table if not exists</c>), so existing databases match it and keep their data.
/// </summary>
public static class AttachmentsTable
{
    public const string Schema = "public";
    public const string Name = "attachments";

    public static Table Create()
    {
        var table = new Table(new PostgresqlObjectName(Schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("mime_type", "text").NotNull();
        table.AddColumn("size_bytes", "bigint").NotNull();
        table.AddColumn("sha256", "text").NotNull();
        table.AddColumn("file_name", "text");
        table.AddColumn("content", "bytea").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        // PostgreSQL's own name for the key of "create table attachments (id uuid primary key, …)".
        table.PrimaryKeyName = "attachments_pkey";
        return table;
    }
}
