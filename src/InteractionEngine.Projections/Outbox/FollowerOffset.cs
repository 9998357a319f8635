using Marten.Schema;

namespace InteractionEngine.Projections.Outbox;

/// <summary>
/// A channel follower's own journal position (not the read-side pipeline's checkpoint), one document per follower
/// (<paramref name="Id"/>: "whatsapp-dispatcher", "whatsapp-media-fetcher"). The alias keeps the table
/// (mt_doc_whatsappdispatcheroffset) of databases written when only the dispatcher had one.
/// </summary>
[DocumentAlias("whatsappdispatcheroffset")]
public sealed record FollowerOffset(string Id, long Ordering);
