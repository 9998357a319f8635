using InteractionEngine.Projections.Attachments;
using Marten;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Every document and table the engine keeps beside the journal, registered with the store in one place, so that
/// <c>ApplyAllConfiguredChangesToDatabaseAsync</c> builds the whole schema: the projections' documents (custom
/// projections do not announce theirs), the engine's own documents and the attachments table. Creating them up front
/// keeps DDL out of the feed's transaction and out of the first request.
/// </summary>
internal static class EngineSchema
{
    public static void Register(StoreOptions options)
    {
        foreach (var type in ReadModelProjections.All.SelectMany(p => p.DocumentTypes).Concat(StoredDocuments.Types))
            options.RegisterDocumentType(type);
        options.Storage.ExtendedSchemaObjects.Add(AttachmentsTable.Create());
    }
}
