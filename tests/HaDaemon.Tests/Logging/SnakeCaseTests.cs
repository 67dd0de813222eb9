using HaDaemon.Logging;

namespace HaDaemon.Tests.Logging;

public class SnakeCaseTests
{
    [Theory]
    [InlineData("Instance", "instance")]
    [InlineData("TransitionId", "transition_id")]
    [InlineData("Vrid", "vrid")]
    [InlineData("IPAddress", "ip_address")]
    [InlineData("Ipv4Source", "ipv4_source")]
    [InlineData("SourceContext", "source_context")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("Mixed_Case", "mixed_case")]
    [InlineData("ID", "id")]
    [InlineData("0", "0")]
    [InlineData("", "")]
    public void Names_become_snake_case(string name, string expected) => Assert.Equal(expected, SnakeCase.Of(name));
}
