using FsCheck;
using FsCheck.Fluent;
using HaDaemon.Cli;

namespace HaDaemon.Tests.Cli;

public class CommandLinePropertyTests
{
    private static readonly string[] Pieces =
        ["-", "--", "-f", "--use-file", "=", "-t", "-g", "-S", "-u", "--signum", "-DD", "-nl", "--log", "x", "", "-s", "0x", "--pid"];

    [Fact]
    public void Any_argument_list_gives_an_outcome_and_never_throws()
    {
        var word = Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts));
        var args = word.ArrayOf().ToArbitrary();
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(args, a =>
        {
            var outcome = CommandLineParser.Parse(a);
            return outcome is ParseOutcome.Run or ParseOutcome.Exit { ExitCode: 0 or 1 };
        }));
    }
}
