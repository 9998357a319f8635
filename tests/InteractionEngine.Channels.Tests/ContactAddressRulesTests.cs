using InteractionEngine.Channels.Contacts;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Directory;

namespace InteractionEngine.Channels.Tests;

/// <summary>Which of a directory contact's addresses an agent-started interaction may use.</summary>
public class ContactAddressRulesTests
{
    private static readonly ContactProfile Rita = new("acme:rita", "acme", "rita", "Rita", "Lopes",
        [new ContactPhone("+351912345678", "mobile"), new ContactPhone("+351213456789", "home")]);

    [Theory]
    [InlineData("+351 213 456 789", "+351213456789")]
    [InlineData("351213456789", "+351213456789")] // a wa_id
    [InlineData("+351912345678", "+351912345678")]
    [InlineData(null, "+351912345678")]           // none requested: the first number
    public void On_WhatsApp_the_address_is_one_of_the_contacts_numbers_in_E164(string? requested, string expected)
    {
        Assert.Equal(expected, ContactAddressRules.Choose(Rita, ChannelKind.WhatsApp, requested, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_number_that_is_not_the_contacts_is_refused_naming_the_contacts_numbers()
    {
        Assert.Null(ContactAddressRules.Choose(Rita, ChannelKind.WhatsApp, "+351 912 999 999", out var problem));
        Assert.Equal("+351912999999 is not one of contact rita's numbers (+351912345678, +351213456789)", problem);
    }

    [Fact]
    public void Something_that_is_not_a_phone_number_is_refused()
    {
        Assert.Null(ContactAddressRules.Choose(Rita, ChannelKind.Sms, "call me", out var problem));
        Assert.StartsWith("address ", problem);
    }

    [Fact]
    public void A_contact_without_numbers_cannot_be_reached_on_WhatsApp()
    {
        var noPhone = Rita with { PhoneNumbers = [] };
        Assert.Null(ContactAddressRules.Choose(noPhone, ChannelKind.WhatsApp, null, out var problem));
        Assert.Contains("has no phone number", problem);
    }

    [Fact]
    public void Other_channels_record_the_requested_address_as_given()
    {
        Assert.Equal("session-42", ContactAddressRules.Choose(Rita, ChannelKind.WebChat, " session-42 ", out var problem));
        Assert.Null(problem);
        Assert.Null(ContactAddressRules.Choose(Rita, ChannelKind.WebChat, null, out _));
    }
}
