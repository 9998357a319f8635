using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.Directory;

/// <summary>
/// A contact in the tenant's directory (Marten document, id "tenant:contact"), built from the directory events of the
/// contact's conversation (<see cref="ContactProfileProjection"/>). Phone numbers are E.164, e-mail addresses lower case.
/// </summary>
/// <param name="EnteredAt">When the contact entered the directory (its <see cref="ContactEntered"/>); null on a document
/// written before directory events existed, which the engine imports at startup (<see cref="DirectoryImport"/>).</param>
public sealed record ContactProfile(
    string Id,
    string Tenant,
    string Contact,
    string? FirstName,
    string? LastName,
    IReadOnlyList<ContactPhone> PhoneNumbers,
    IReadOnlyList<string>? Emails = null,
    DateTimeOffset? EnteredAt = null);
