using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The KPI table: per-agent figures for a period are SQL aggregates over these columns.</summary>
internal static class InteractionKpiTable
{
    public static readonly ReadModelTable<InteractionKpi> Definition = new(k => k.Id,
    [
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.Tenant), k => k.Tenant),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.ConversationId), k => k.ConversationId),
        DocumentColumn<InteractionKpi>.NullableTimestamp(nameof(InteractionKpi.DoneAt), k => k.DoneAt),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.DoneBy), k => k.DoneBy),
        DocumentColumn<InteractionKpi>.Text(nameof(InteractionKpi.AgentId), k => k.AgentId),
        DocumentColumn<InteractionKpi>.Name(nameof(InteractionKpi.Status), k => k.Status),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.HandleSeconds), k => k.HandleSeconds),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.FirstResponseSeconds), k => k.FirstResponseSeconds),
        DocumentColumn<InteractionKpi>.NullableDouble(nameof(InteractionKpi.SessionSeconds), k => k.SessionSeconds),
    ], kpis =>
    {
        // Marten's aggregations kept these with numeric revisions; keep the column as it is in existing databases.
        kpis.UseNumericRevisions = true;
        kpis.AddIndex("tenant", "done_at"); // per-agent figures for a period
    });
}
