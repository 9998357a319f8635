using InteractionEngine.Projections.Idempotency;
using InteractionEngine.Projections.Outbox;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.Store;

/// <summary>
/// Documents the engine stores itself, beside the ones its projections write (<see cref="ReadModelProjections"/>).
/// Every store registers them, so applying its schema creates their tables up front: the Host, the CLI, the bench and
/// the tests build the same schema, and no first write does DDL. A new document type is added here.
/// </summary>
public static class StoredDocuments
{
    public static readonly IReadOnlyList<Type> Types =
    [
        typeof(PipelineCheckpoint),
        typeof(IdempotentReply),
        typeof(WhatsAppDispatch),
        typeof(FollowerOffset),
        typeof(WhatsAppValidation),
    ];
}
