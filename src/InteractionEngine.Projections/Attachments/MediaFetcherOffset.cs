namespace InteractionEngine.Projections.Attachments;

/// <summary>Where the contact media fetcher stopped in the journal: every event up to <paramref name="Ordering"/> has its outcome recorded.</summary>
public sealed record MediaFetcherOffset(string Id, long Ordering);
