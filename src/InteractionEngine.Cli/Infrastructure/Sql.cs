using Npgsql;

namespace InteractionEngine.Cli.Infrastructure;

internal static class Sql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return await command.ExecuteScalarAsync(ct);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Columns two tables share (Marten's event tables differ only if configured differently).</summary>
    public static async Task<string> SharedColumnsAsync(NpgsqlConnection connection, string schemaA, string schemaB, string table, CancellationToken ct,
        NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand("""
            select string_agg(quote_ident(a.column_name), ', ' order by a.ordinal_position)
            from information_schema.columns a join information_schema.columns b
              on b.table_schema = @b and b.table_name = a.table_name and b.column_name = a.column_name
            where a.table_schema = @a and a.table_name = @t
            """, connection, tx);
        command.Parameters.AddWithValue("a", schemaA);
        command.Parameters.AddWithValue("b", schemaB);
        command.Parameters.AddWithValue("t", table);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
