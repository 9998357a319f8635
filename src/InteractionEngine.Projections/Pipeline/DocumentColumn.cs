namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// A document member duplicated into its own column (Marten's duplicated field): the read model's table declaration
/// maps it from <see cref="Member"/> and <see cref="BulkDocumentUpsert{T}"/> writes it from <see cref="Values"/>, so the
/// two cannot name different columns.
/// </summary>
internal sealed record DocumentColumn<T>(string Member, string Column, string SqlType, Func<IReadOnlyList<T>, object> Values)
{
    public static DocumentColumn<T> Text(string member, Func<T, string?> value) =>
        new(member, SnakeCase(member), "varchar", docs => Map(docs, value));

    /// <summary>Enums are stored by name, as <c>DuplicatedFieldEnumStorage = AsString</c> tells Marten to.</summary>
    public static DocumentColumn<T> Name(string member, Func<T, Enum> value) =>
        new(member, SnakeCase(member), "varchar", docs => Map(docs, d => value(d).ToString()));

    public static DocumentColumn<T> Int64(string member, Func<T, long> value) =>
        new(member, SnakeCase(member), "bigint", docs => Map(docs, value));

    public static DocumentColumn<T> Int32(string member, Func<T, int> value) =>
        new(member, SnakeCase(member), "integer", docs => Map(docs, value));

    public static DocumentColumn<T> Boolean(string member, Func<T, bool> value) =>
        new(member, SnakeCase(member), "boolean", docs => Map(docs, value));

    // Npgsql writes only UTC offsets to timestamptz.
    public static DocumentColumn<T> Timestamp(string member, Func<T, DateTimeOffset> value) =>
        new(member, SnakeCase(member), "timestamptz", docs => Map(docs, d => value(d).ToUniversalTime()));

    public static DocumentColumn<T> NullableTimestamp(string member, Func<T, DateTimeOffset?> value) =>
        new(member, SnakeCase(member), "timestamptz", docs => Map(docs, d => value(d)?.ToUniversalTime()));

    public static DocumentColumn<T> NullableDouble(string member, Func<T, double?> value) =>
        new(member, SnakeCase(member), "double precision", docs => Map(docs, value));

    private static TValue[] Map<TValue>(IReadOnlyList<T> docs, Func<T, TValue> value)
    {
        var values = new TValue[docs.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(docs[i]);
        return values;
    }

    /// <summary>Marten's column name for a duplicated member ("LastActivityAt" → "last_activity_at").</summary>
    private static string SnakeCase(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
