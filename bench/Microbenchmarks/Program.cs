using BenchmarkDotNet.Running;

// In process (--inProcess is always added): BenchmarkDotNet's default toolchain generates and builds a project under
// bin/, where this repository's analyzers (warnings as errors) would apply to its generated code.
//   dotnet run -c Release --project bench/Microbenchmarks -- --filter '*'               full run
//   dotnet run -c Release --project bench/Microbenchmarks -- --filter '*' --job short   quick look
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(Gatehouse.Bench.Microbenchmarks.HotPathBenchmarks).Assembly).Run(arguments);
