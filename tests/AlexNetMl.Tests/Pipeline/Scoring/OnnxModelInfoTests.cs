using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Pipeline.Scoring;

[TestClass]
public sealed class OnnxModelInfoTests
{
    [TestMethod]
    public void Read_ReturnsTheContractTheExporterWrote()
    {
        OnnxModelInfo info = OnnxModelInfo.Read(TrainedModel.OnnxPath);
        Assert.AreEqual(ModelContract.DefaultInputName, info.Contract.InputName);
        Assert.AreEqual(224, info.Contract.InputHeight);
        Assert.AreEqual(ResizeMethod.Bilinear, info.Contract.Resize);
        Assert.AreEqual("alexnet", info.Contract.Architecture);
        Assert.AreEqual(ModelContract.CurrentVersion, info.Contract.Version);
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), info.Contract.ClassNames.ToArray());
        Assert.AreEqual("test-run", info.Metadata[ModelMetadataKeys.RunId]);
        Assert.AreEqual(1.0 / 255, info.Contract.PixelScale, 1e-12);
    }

    [TestMethod]
    public void Read_RejectsAModelWhoseInputIsNotOneGreyChannel()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("rgb.onnx");
        File.WriteAllBytes(model, OracleModel.Build(channels: 3));
        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(model));
        Assert.Contains("input 'image' is [N,3,224,224] Single; its contract promises [N,1,224,224] Single", error.Message);
    }

    [TestMethod]
    public void Read_RejectsAModelWhoseClassListIsShorterThanItsOutput_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("seven.onnx");
        File.WriteAllBytes(model, OracleModel.Build(classes: 7));
        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(model));
        Assert.Contains(",7] Single, but its metadata lists 10 class names; the class count must equal the output width", error.Message);
    }

    [TestMethod]
    [DataRow(ModelMetadataKeys.InputHeight, "two hundred", "'input_height' must be an integer", DisplayName = "input_height not a number")]
    [DataRow(ModelMetadataKeys.ClassNames, "[\"a\", ", "'class_names' must be a JSON array of strings", DisplayName = "class_names not JSON")]
    [DataRow(ModelMetadataKeys.ClassNames, null, "has no 'class_names' entry", DisplayName = "class_names missing")]
    [DataRow(ModelMetadataKeys.PixelScale, "-1", "'pixel_scale' must be a positive number", DisplayName = "negative pixel scale")]
    [DataRow(ModelMetadataKeys.Resize, "lanczos", "'resize' must be one of none, bilinear", DisplayName = "unknown resize")]
    public void Read_RejectsMalformedMetadataNamingTheField_Regression(string key, string? value, string expected)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("bad.onnx");
        File.WriteAllBytes(model, OracleModel.Build(metadata: new Dictionary<string, string?> { [key] = value }));
        var error = Assert.ThrowsExactly<ModelContractException>(() => OnnxModelInfo.Read(model));
        Assert.Contains(expected, error.Message);
        StringAssert.StartsWith(error.Message, model);
    }

    [TestMethod]
    public void Read_StripsControlCharactersFromClassNames_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("escape.onnx");
        string[] names = [.. FashionMnistClasses.Names];
        names[0] = "T-shirt\u001b[31m/top\u0007";
        File.WriteAllBytes(model, OracleModel.Build(metadata: new Dictionary<string, string?> { [ModelMetadataKeys.ClassNames] = System.Text.Json.JsonSerializer.Serialize(names) }));
        OnnxModelInfo info = OnnxModelInfo.Read(model);
        Assert.AreEqual("T-shirt[31m/top", info.Contract.ClassNames[0]);
    }

    [TestMethod]
    public void Read_RejectsMissingAndNonOnnxFiles()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        Assert.Contains("not found", Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(temp.File("none.onnx"))).Message);
        string text = temp.File("model.onnx");
        File.WriteAllText(text, "this is not a model");
        Assert.Contains("is not a loadable ONNX model", Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(text)).Message);
    }
}
