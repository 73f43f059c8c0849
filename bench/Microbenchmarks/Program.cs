using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: BenchmarkDotNet's default toolchain generates and builds a project under bin/, where this
// repository's analyzers (warnings as errors) would apply to its generated code.
//   dotnet run -c Release --project bench/Microbenchmarks -- --filter '*'               full run
//   dotnet run -c Release --project bench/Microbenchmarks -- --filter '*' --job short   quick look
var config = DefaultConfig.Instance.AddJob(BenchmarkDotNet.Jobs.Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Gatehouse.Bench.Microbenchmarks.HotPathBenchmarks).Assembly).Run(args, config);
