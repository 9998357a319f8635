using Marten;
using Weasel.Core;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Maps each read model's table as its folder declares it (<see cref="ReadModels.IReadModelTable"/>: duplicated
/// columns and indexes, the same list the set-based writer writes).
/// </summary>
internal static class ReadModelSchema
{
    public static void Configure(StoreOptions options)
    {
        // The writer stores enums by name (DocumentColumn.Name); the mapping must agree.
        options.Advanced.DuplicatedFieldEnumStorage = EnumStorage.AsString;
        var tables = ReadModelProjections.All.SelectMany(p => p.Tables).ToDictionary(t => t.DocumentType);
        options.Policies.ForAllDocuments(mapping =>
        {
            if (tables.TryGetValue(mapping.DocumentType, out var table)) table.Map(mapping);
        });
    }
}
