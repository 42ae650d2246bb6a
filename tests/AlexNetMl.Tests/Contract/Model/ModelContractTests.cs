using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Tests.Contract.Model;

[TestClass]
public sealed class ModelContractTests
{
    private static readonly ModelContract LeNetLike = new()
    {
        Architecture = "lenet",
        InputHeight = 28,
        InputWidth = 28,
        Resize = ResizeMethod.None,
        ClassNames = FashionMnistClasses.Names,
        Weights = ModelWeights.QuantizedInt8,
    };

    [TestMethod]
    public void Metadata_RoundTripsEveryField()
    {
        ModelContract read = ModelContract.FromMetadata(LeNetLike.ToMetadata(), "test");
        Assert.AreEqual(LeNetLike with { ClassNames = read.ClassNames }, read);
        CollectionAssert.AreEqual(LeNetLike.ClassNames.ToArray(), read.ClassNames.ToArray());
        Assert.AreEqual("int8", LeNetLike.ToMetadata()[ModelMetadataKeys.Weights]);
        Assert.AreEqual("none", LeNetLike.ToMetadata()[ModelMetadataKeys.Resize]);
    }

    [TestMethod]
    public void FromMetadata_RefusesTheUnreleasedVersion1Layout_NamingTheMissingVersion()
    {
        // The keys a pre-release exporter wrote: no contract version, names implied, resize in words.
        var metadata = new Dictionary<string, string>
        {
            [ModelMetadataKeys.ClassNames] = System.Text.Json.JsonSerializer.Serialize(FashionMnistClasses.Names),
            [ModelMetadataKeys.InputHeight] = "224",
            [ModelMetadataKeys.InputWidth] = "224",
            [ModelMetadataKeys.PixelScale] = "0.00392156862745098",
            [ModelMetadataKeys.Resize] = "bilinear, half-pixel centres (align_corners=false)",
        };
        var error = Assert.ThrowsExactly<ModelContractException>(() => ModelContract.FromMetadata(metadata, "old.onnx"));
        Assert.AreEqual("old.onnx: model metadata has no 'contract_version' entry", error.Message);
    }

    [TestMethod]
    [DataRow(ModelMetadataKeys.ContractVersion, "9", "is not one this build reads")]
    [DataRow(ModelMetadataKeys.InputWidth, "0", "must be between 1 and 4096 pixels")]
    [DataRow(ModelMetadataKeys.ClassNames, "[\"a\",\"a\"]", "class names must be distinct")]
    [DataRow(ModelMetadataKeys.ClassNames, "[\"\\u0007\",\"b\"]", "class 0 has an empty name")]
    [DataRow(ModelMetadataKeys.ProbabilitiesName, "image", "must have different names")]
    [DataRow(ModelMetadataKeys.Weights, "int4", "'weights' must be one of fp32, int8")]
    public void FromMetadata_NamesTheFaultyField(string key, string value, string expected)
    {
        var metadata = new Dictionary<string, string>(LeNetLike.ToMetadata()) { [key] = value };
        var error = Assert.ThrowsExactly<ModelContractException>(() => ModelContract.FromMetadata(metadata, "m.onnx"));
        StringAssert.StartsWith(error.Message, "m.onnx: model metadata");
        Assert.Contains(expected, error.Message);
    }
}
