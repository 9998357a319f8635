using InteractionEngine.Channels.Contacts;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Host.Contacts;

/// <summary>The contact directory: names and phone numbers (validated, stored in E.164), and a contact's details with its history.</summary>
public static class ContactDirectoryEndpoints
{
    private const int MaxNameLength = 200;
    private const int MaxPhoneNumbers = 10;

    public static void MapContactDirectory(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/v1/directory/contacts").WithTags("Contact directory");

        directory.MapPost("/", async (ContactProfileRequest body, HttpContext http, ContactDirectory contacts) =>
        {
            if (body.Contact is not { } contact || !ConversationId.IsValidPart(contact))
                return ReplyResults.Invalid("'contact' is required: 1-128 characters of letters, digits and . _ - + @");
            if (Validate(body, out var phones) is { } problem) return ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Invalid contact", problem);
            var tenant = Caller.From(http.User).Tenant;
            var profile = new ContactProfile(new ConversationId(tenant, contact).Value, tenant, contact, body.FirstName, body.LastName, phones);
            if (!await contacts.TryCreateAsync(profile, http.RequestAborted))
                return ReplyResults.Problem(StatusCodes.Status409Conflict, "The contact exists", $"'{contact}' is already in the directory; use PUT to change it");
            return TypedResults.Created($"/api/v1/directory/contacts/{contact}", profile);
        }).RequireAuthorization(Policies.Act).WithSummary("Create a contact with names and phone numbers");

        directory.MapPut("/{contact}", async (string contact, ContactProfileRequest body, HttpContext http, ContactDirectory contacts) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            if (Validate(body, out var phones) is { } problem) return ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Invalid contact", problem);
            var id = new ConversationId(Caller.From(http.User).Tenant, contact);
            if (await contacts.FindAsync(id, http.RequestAborted) is not { } existing) return UnknownContact(contact);
            var updated = existing with
            {
                FirstName = body.FirstName ?? existing.FirstName,
                LastName = body.LastName ?? existing.LastName,
                PhoneNumbers = body.PhoneNumbers is null ? existing.PhoneNumbers : phones,
            };
            await contacts.SaveAsync(updated, http.RequestAborted);
            return TypedResults.Ok(updated);
        }).RequireAuthorization(Policies.Act).WithSummary("Add or update a contact's names and phone numbers");

        directory.MapGet("/{contact}", async (string contact, HttpContext http, ContactDirectory contacts, ConversationQueries queries) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            var tenant = Caller.From(http.User).Tenant;
            var profile = await contacts.FindAsync(new ConversationId(tenant, contact), http.RequestAborted);
            var summary = await queries.ContactAsync(tenant, contact, http.RequestAborted);
            if (profile is null && summary is null) return UnknownContact(contact);
            var interactions = new List<object>();
            for (var n = 1; n <= (summary?.Interaction ?? 0); n++)
                if (await queries.InteractionKpiAsync(tenant, contact, n, http.RequestAborted) is { } kpi) interactions.Add(kpi);
            return TypedResults.Ok(new { profile, conversation = summary, interactions });
        }).RequireAuthorization(Policies.Read).WithSummary("A contact's details, current conversation state and interaction history");
    }

    private static string? Validate(ContactProfileRequest body, out IReadOnlyList<ContactPhone> phones)
    {
        phones = [];
        if (body.FirstName is { Length: > MaxNameLength } || body.LastName is { Length: > MaxNameLength }) return $"names are at most {MaxNameLength} characters";
        var requested = body.PhoneNumbers ?? [];
        if (requested.Count > MaxPhoneNumbers) return $"at most {MaxPhoneNumbers} phone numbers";
        var normalized = new List<ContactPhone>();
        foreach (var phone in requested)
        {
            if (!ContactPhoneNumbers.TryNormalizeE164(phone.Number, body.DefaultRegion, out var e164, out var error)) return error;
            if (normalized.All(p => p.Number != e164)) normalized.Add(new ContactPhone(e164, phone.Label));
        }
        phones = normalized;
        return null;
    }

    private static IResult UnknownContact(string contact) =>
        ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"'{contact}' is not in this tenant's directory");
}
