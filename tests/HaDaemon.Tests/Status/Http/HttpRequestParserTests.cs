using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Status.Http;

namespace HaDaemon.Tests.Status.Http;

/// <summary>The pure request-head decisions (the server tests cover the same rules over real sockets).</summary>
public sealed class HttpRequestParserTests
{
    private static HttpRequestVerdict Decide(string head) => HttpRequestParser.Decide(Encoding.Latin1.GetBytes(head));

    [Fact]
    public void Get_and_head_of_the_two_resources_are_served()
    {
        Assert.Equal(new HttpRequestVerdict(200, StatusResource.Metrics, false, null), Decide("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n"));
        Assert.Equal(new HttpRequestVerdict(200, StatusResource.Status, false, null), Decide("GET /status?pretty HTTP/1.0\r\n\r\n"));
        Assert.Equal(new HttpRequestVerdict(200, StatusResource.Status, true, null), Decide("HEAD /status HTTP/1.1\r\nhost:a\r\nAccept: */*\r\n\r\n"));
    }

    [Fact]
    public void Field_names_are_case_insensitive()
    {
        Assert.Equal(400, Decide("GET /metrics HTTP/1.1\r\nhOsT: a\r\nTRANSFER-encoding: chunked\r\n\r\n").Status);
        Assert.Equal(200, Decide("GET /metrics HTTP/1.1\r\nHOST: a\r\ncontent-length: 0\r\n\r\n").Status);
    }

    [Fact]
    public void Errors_say_what_was_wrong()
    {
        Assert.Equal(405, Decide("OPTIONS /metrics HTTP/1.1\r\nHost: a\r\n\r\n").Status);
        var notFound = Decide("GET /secret HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Equal(404, notFound.Status);
        Assert.Contains("/secret", notFound.Problem, StringComparison.Ordinal);
        Assert.True(Decide("HEAD /nope HTTP/1.1\r\nHost: a\r\n\r\n").HeadOnly); // a HEAD error response has no body either
    }

    [Theory]
    [InlineData("GET /metrics HTTP/1.1 \r\nHost: a\r\n\r\n")]
    [InlineData(" GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET\t/metrics HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("G(T /metrics HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.x\r\nHost: a\r\n\r\n")]
    [InlineData("GET /metrics http/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\n: empty name\r\nHost: a\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 0x0\r\n\r\n")]
    [InlineData("AVERYLONGMETHODNAMEOFMORETHAN32CHARS /metrics HTTP/1.1\r\nHost: a\r\n\r\n")]
    public void Malformed_heads_are_400(string head) => Assert.Equal(400, Decide(head).Status);

    [Fact]
    public void The_head_end_is_found_incrementally_and_control_bytes_stop_the_scan()
    {
        var head = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\nextra"u8.ToArray();
        var end = head.Length - "extra".Length;
        Assert.Equal(end, HttpSyntax.FindHeadEnd(head, 0));
        for (var split = 1; split < end; split++)
        {
            // The bytes arrive in two parts: scanning the first finds nothing, scanning on from there finds the end.
            Assert.Equal(0, HttpSyntax.FindHeadEnd(head.AsSpan(0, split), 0));
            Assert.Equal(end, HttpSyntax.FindHeadEnd(head, split));
        }

        Assert.Equal(7, HttpSyntax.FindHeadEnd("GET /\n\nx"u8, 0));
        Assert.Equal(-1, HttpSyntax.FindHeadEnd("GET /\0"u8, 0));
        Assert.Equal(-1, HttpSyntax.FindHeadEnd("GET /\x7f"u8, 0));
    }

    /// <summary>Pieces of requests, valid and hostile, so that random heads often have the shape of a request.</summary>
    private static readonly string[] Fragments =
    [
        "GET", "HEAD", "POST", " ", "  ", "/metrics", "/status", "/", "?x=1", "HTTP/1.1", "HTTP/1.0", "HTTP/2", "\r\n", "\n", "\r",
        "Host", "Content-Length", "Transfer-Encoding", ":", ": ", "0", "12", "chunked", "\t", "\0", "\u00e9", "\u007f", "a",
    ];

    [Fact]
    public void Random_request_shaped_heads_never_throw_and_are_served_only_when_well_formed()
    {
        var heads = Gen.Elements(Fragments).ListOf().Select(parts => Encoding.Latin1.GetBytes(string.Concat(parts) + "\r\n\r\n"));
        var prop = Prop.ForAll(heads.ToArbitrary(), bytes =>
        {
            _ = HttpRequestParser.Decide(bytes); // whatever the bytes, no exception
            var end = HttpSyntax.FindHeadEnd(bytes, 0);
            if (end <= 0)
            {
                return true;
            }

            var verdict = HttpRequestParser.Decide(bytes.AsSpan(0, end));
            var span = bytes.AsSpan(0, end);
            return verdict.Status is 400 or 404 or 405 ||
                   (verdict.Status == 200 && (span.StartsWith("GET /"u8) || span.StartsWith("HEAD /"u8)) && !span.Contains((byte)0));
        });
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(3000), prop);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var prop = Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var end = HttpSyntax.FindHeadEnd(bytes, 0);
            return HttpRequestParser.Decide(bytes).Status is 200 or 400 or 404 or 405 && end >= -1 && end <= bytes.Length;
        });
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000), prop);
    }

    [Fact]
    public void Mutated_valid_requests_never_throw()
    {
        var valid = "GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nUser-Agent: t\r\n\r\n"u8.ToArray();
        var prop = Prop.ForAll(Gen.Choose(0, valid.Length - 1).Zip(Gen.Choose(0, 255)).ToArbitrary(), mutation =>
        {
            var copy = (byte[])valid.Clone();
            copy[mutation.Item1] = (byte)mutation.Item2;
            var end = HttpSyntax.FindHeadEnd(copy, 0);
            return end <= 0 || HttpRequestParser.Decide(copy.AsSpan(0, end)).Status is 200 or 400 or 404 or 405;
        });
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000), prop);
    }
}
