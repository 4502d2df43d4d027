using Regression.Core.Settings;
using Xunit.Abstractions;

namespace Regression.Tests.Cases;

/// <summary>Runs Test Case 2 (Infinity-Instruct, 15 LoRA adapters, 20–200 req/s) once for all its rows.</summary>
public sealed class MultiLoraFixture(IMessageSink diagnostics) : RegressionCaseFixture(RegressionCase.MultiLora, diagnostics);

/// <summary>Test Case 2: is multi-LoRA, decode-heavy serving slower or less stable than the baseline?</summary>
[Trait("Category", "MultiLora")]
[Collection(RegressionCases.Name)]
public sealed class MultiLoraTests(MultiLoraFixture fixture, ITestOutputHelper output)
    : RegressionCaseTests(fixture, output), IClassFixture<MultiLoraFixture>;
