using HaDaemon.Core.Packets;

namespace HaDaemon.Core.Tests.Packets;

/// <summary>The 32-bit-word checksum agrees with a literal RFC 1071 16-bit implementation.</summary>
public class InternetChecksumTests
{
    private static ushort Reference(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    [Fact]
    public void Matches_the_reference_for_every_length_and_random_content()
    {
        var random = new Random(1071);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            for (int round = 0; round < 20; round++)
            {
                random.NextBytes(data);
                Assert.Equal(Reference(data), InternetChecksum.Compute(data));
            }
        }
    }

    [Fact]
    public void All_ones_input_folds_correctly()
    {
        byte[] data = Enumerable.Repeat((byte)0xFF, 4001).ToArray();
        Assert.Equal(Reference(data), InternetChecksum.Compute(data));
    }

    [Fact]
    public void Rfc_1071_example_sums_to_ddf2()
    {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 has one's complement sum 0xddf2.
        Assert.Equal(unchecked((ushort)~0xDDF2), InternetChecksum.Compute([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]));
    }
}
