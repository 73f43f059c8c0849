using System.Globalization;
using System.Text.Json;

using Gatehouse.Bench.LoadDriver;

// Commands (bench/run.sh uses all three):
//   run --issuer URL --ca-file PEM [--scenarios a,b] [--duration s] [--concurrency n] [--server-pid pid[,pid]] [--output file] ...
//       [--nodes URL,URL]   several nodes behind the issuer's origin: each worker's connections go to one of them
//   seed --out DIR [--users n] [--password p]      writes gatehouse-seed.json and peer-seed.json
//   hash-time                                     median ms of one PBKDF2-HMAC-SHA512 (100,000 iterations) on one core
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: run|seed|hash-time [--name value]...");
    return 2;
}

var rest = args.Skip(1).ToList();
switch (args[0])
{
    case "run":
        {
            var options = DriverOptions.Parse(rest);
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var results = await LoadRunner.RunAsync(options, Console.Error, cancel.Token);
            var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            if (options.OutputFile is { } output)
            {
                await File.WriteAllTextAsync(output, json);
            }
            else
            {
                Console.WriteLine(json);
            }

            return results.Any(result => result.Errors > 0 || result.Operations == 0) ? 1 : 0;
        }

    case "seed":
        {
            var outDirectory = TakeOption(rest, "out") ?? ".";
            var options = DriverOptions.Parse(["--issuer", "https://unused", "--ca-file", "unused", .. rest]);
            var hash = BenchSeed.IdentityV3Hash(options.Password);
            Directory.CreateDirectory(outDirectory);
            BenchSeed.Write(Path.Combine(outDirectory, "gatehouse-seed.json"), BenchSeed.GatehouseSeed(options, hash));
            BenchSeed.Write(Path.Combine(outDirectory, "peer-seed.json"), BenchSeed.PeerSeed(options, hash));
            return 0;
        }

    case "hash-time":
        Console.WriteLine(BenchSeed.MedianHashMilliseconds().ToString("F2", CultureInfo.InvariantCulture));
        return 0;

    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        return 2;
}

static string? TakeOption(List<string> arguments, string name)
{
    var index = arguments.IndexOf("--" + name);
    if (index < 0 || index + 1 >= arguments.Count)
    {
        return null;
    }

    var value = arguments[index + 1];
    arguments.RemoveRange(index, 2);
    return value;
}
