using InteractionEngine.Channels.WhatsApp.Agents;

namespace InteractionEngine.Channels.Tests.WhatsApp.Agents;

public class ChannelNumberChoiceTests
{
    private static readonly string[] Numbers = ["+351912345678", "+351934567890"];

    [Theory]
    [InlineData("+351934567890")]
    [InlineData("+351 934 567 890")]
    [InlineData("351934567890")] // the wa_id form
    public void A_number_of_the_contact_in_any_spelling_is_chosen_as_its_wa_id(string input) =>
        Assert.Equal(("351934567890", null), ChannelNumberChoice.Choose("ana", Numbers, input, null));

    [Fact]
    public void An_index_chooses_from_the_directory_order()
    {
        Assert.Equal(("351912345678", null), ChannelNumberChoice.Choose("ana", Numbers, null, 0));
        Assert.Equal(("351934567890", null), ChannelNumberChoice.Choose("ana", Numbers, null, 1));
    }

    [Fact]
    public void A_number_that_is_not_the_contacts_is_refused_with_the_contacts_numbers()
    {
        var (address, problem) = ChannelNumberChoice.Choose("ana", Numbers, "+44 20 7946 0958", null);
        Assert.Null(address);
        Assert.Equal("phoneNumber", problem!.Field);
        Assert.Equal(Numbers, problem.PhoneNumbers);
        Assert.Contains("+442079460958 is not one of contact ana's numbers", problem.Detail);
    }

    [Theory]
    [InlineData(null, 2, "phoneNumberIndex")]
    [InlineData(null, -1, "phoneNumberIndex")]
    [InlineData("not a number", null, "phoneNumber")]
    [InlineData("+351912345678", 0, "phoneNumber")] // both: ambiguous
    public void An_index_out_of_range_a_malformed_number_or_both_are_refused(string? number, int? index, string field) =>
        Assert.Equal(field, ChannelNumberChoice.Choose("ana", Numbers, number, index).Problem!.Field);

    [Fact]
    public void A_contact_without_numbers_says_so() =>
        Assert.Contains("has no phone number", ChannelNumberChoice.Choose("ana", [], null, 0).Problem!.Detail);
}
