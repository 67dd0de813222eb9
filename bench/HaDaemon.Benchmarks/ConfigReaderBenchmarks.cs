using BenchmarkDotNet.Attributes;
using HaDaemon.Config.Syntax;

namespace HaDaemon.Benchmarks;

/// <summary>
/// Reading keepalived.conf text into the syntax tree: a typical file (the keepalived sample), the 303-line
/// generated one, and 65024 instances produced by the man page's nested ~SEQ over a multi-line definition.
/// </summary>
[MemoryDiagnoser]
public class ConfigReaderBenchmarks
{
    private static readonly ConfigReadOptions Options = new() { ConfigId = "high", Random = new Random(1) };
    private string sample = string.Empty;
    private string generated = string.Empty;

    private const string ManPageSeq = """
        $VI4= \
        track_file offset_instance_4.${IF}.${NUM}.${ID} { \
            file "${_PWD}/679/track_files/4.${IF}.${NUM}.${ID}" \
            weight -100 \
        } \
        vrrp_instance vrrp4.${IF}.${NUM}.${ID} { \
            interface bond${IF}.${NUM} \
            use_vmac vrrp4.${IF}.${NUM}.${ID} \
            virtual_router_id ${ID} \
            priority 130 \
            virtual_ipaddress { \
                10.${IF}.${NUM}.${ID}/24 \
            } \
            track_file { \
                offset_instance_4.${IF}.${NUM}.${ID} \
            } \
        }

        ~SEQ(IF,0,7) ~SEQ(NUM,0,31) ~SEQ(ID,1,254) $VI4
        """;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = FindCorpus();
        sample = File.ReadAllText(Path.Combine(corpus, "keepalived.conf.sample"));
        generated = File.ReadAllText(Path.Combine(corpus, "mk_lots.generated.conf"));
    }

    [Benchmark]
    public int Sample() => ConfigReader.ReadText(sample, "/etc/keepalived/keepalived.conf", Options).Document.Statements.Count;

    [Benchmark]
    public int MkLots() => ConfigReader.ReadText(generated, "/etc/keepalived/keepalived.conf", Options).Document.Statements.Count;

    [Benchmark]
    public int ManPageSeq65024Instances() => ConfigReader.ReadText(ManPageSeq, "/etc/keepalived/keepalived.conf", Options).Document.Statements.Count;

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "corpus", "keepalived-samples");
            if (File.Exists(Path.Combine(dir.FullName, "HaDaemon.sln")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
        throw new InvalidOperationException("shared/corpus/keepalived-samples not found above " + AppContext.BaseDirectory);
    }
}
