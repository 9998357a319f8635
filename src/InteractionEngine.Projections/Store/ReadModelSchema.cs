using InteractionEngine.Projections.ReadModels;
using Marten;
using Marten.Schema;
using Weasel.Core;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Columns and indexes the queries rely on. Filtered and sorted members are duplicated into real columns
/// (snake_case, used by the hand-written SQL in Queries/), but only the indexes the queries need are built:
/// every index is paid for on each inline write, inside the append's transaction. The transcript's search
/// text has a 'simple' full-text index: no stemming or stop words, so any language and emoji pass unharmed.
/// </summary>
internal static class ReadModelSchema
{
    public const string SearchConfig = "simple";

    public static void Configure(StoreOptions options)
    {
        options.Advanced.DuplicatedFieldEnumStorage = EnumStorage.AsString;
        options.Policies.ForAllDocuments(mapping =>
        {
            switch (mapping)
            {
                case DocumentMapping<TranscriptLine> lines:
                    Columns(lines, ReadModelWriters.TranscriptLines.Columns.Select(c => c.Member).ToArray());
                    lines.AddIndex("conversation_id", "position"); // transcript pages, reply lookups
                    lines.AddIndex("tenant");                      // tenant-wide search when a literal match is needed
                    lines.FullTextIndex(SearchConfig, x => x.SearchText!);
                    break;
                case DocumentMapping<ContactSummary> contacts:
                    Columns(contacts, ReadModelWriters.ContactSummaries.Columns.Select(c => c.Member).ToArray());
                    contacts.AddIndex("tenant", "last_activity_at", "id"); // the contact list's keyset order; totals scan one tenant
                    break;
                case DocumentMapping<InteractionKpi> kpis:
                    Columns(kpis, ReadModelWriters.InteractionKpis.Columns.Select(c => c.Member).ToArray());
                    // Marten's aggregations kept these with numeric revisions; keep the column as it is in existing databases.
                    kpis.UseNumericRevisions = true;
                    kpis.AddIndex("tenant", "done_at"); // per-agent figures for a period
                    break;
            }
        });
    }

    /// <summary>Duplicates members into columns without Marten's default one-index-per-column.</summary>
    private static void Columns(DocumentMapping mapping, params string[] members)
    {
        foreach (var member in members) mapping.DuplicateField(member);
    }
}
