using System.Buffers.Binary;
using System.Globalization;
using AlexNetMl.Inference.Serving;
using AlexNetMl.Inference.Serving.Grpc.Wire;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// <c>inference.GRPCInferenceService</c> through a Grpc.Net.Client on the stubs generated from our .proto, against the
/// service on the test server (on the gRPC port's host, as its endpoint requires). The model is the 28×28 oracle, whose
/// class for grey 20·k is k.
/// </summary>
[TestClass]
public sealed class OpenInferenceGrpcTests
{
    private const string Model = "alexnet_fmnist";
    private static OracleServer? _server;
    private static GrpcChannel? _channel;
    private static GRPCInferenceService.GRPCInferenceServiceClient _client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _server = await OracleServer.StartAsync();
        _channel = GrpcChannel.ForAddress(ServingOptions.DefaultGrpcUrls, new GrpcChannelOptions { HttpHandler = _server.Factory.Server.CreateHandler() });
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
    }

    [ClassCleanup]
    public static void Stop()
    {
        _channel?.Dispose();
        _server?.Dispose();
    }

    private static ModelInferRequest Request(params int[] classes) => new()
    {
        ModelName = Model,
        Id = "grpc-1",
        Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { classes.Length, 1, 28, 28 } } },
    };

    private static ByteString Raw(params int[] classes)
    {
        byte[] bytes = new byte[classes.Length * FashionMnistImage.Pixels * 4];
        for (int i = 0; i < bytes.Length / 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), OracleModel.Grey(classes[i / FashionMnistImage.Pixels]));
        }

        return ByteString.CopyFrom(bytes);
    }

    private static float[] Floats(ByteString raw) => [.. Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.Span[(i * 4)..]))];

    private static int ArgMax(float[] row) => Array.IndexOf(row, row.Max());

    [TestMethod]
    public async Task HealthAndMetadata_AnswerAsTheRestEndpoints()
    {
        Assert.IsTrue((await _client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.IsTrue((await _client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.IsTrue((await _client.ModelReadyAsync(new ModelReadyRequest { Name = Model, Version = "1" })).Ready);

        ServerMetadataResponse server = await _client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.AreEqual("alexnetml", server.Name);
        CollectionAssert.Contains(server.Extensions.ToList(), "binary_tensor_data");

        ModelMetadataResponse model = await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = Model });
        Assert.AreEqual("onnxruntime_onnx", model.Platform);
        CollectionAssert.AreEqual(new[] { "1" }, model.Versions.ToArray());
        Assert.AreEqual("image", model.Inputs.Single().Name);
        CollectionAssert.AreEqual(new long[] { -1, 1, 28, 28 }, model.Inputs.Single().Shape.ToArray());
        CollectionAssert.AreEqual(new[] { "logits", "probabilities" }, model.Outputs.Select(o => o.Name).ToArray());
    }

    [TestMethod]
    public async Task ModelInfer_WithRawInputContents_AnswersInRawOutputContents()
    {
        ModelInferRequest request = Request(4, 8);
        request.RawInputContents.Add(Raw(4, 8));
        ModelInferResponse response = await _client.ModelInferAsync(request);

        Assert.AreEqual(Model, response.ModelName);
        Assert.AreEqual("grpc-1", response.Id);
        Assert.AreEqual(2, response.RawOutputContents.Count, "one entry per output");
        int probabilities = response.Outputs.Select(o => o.Name).ToList().IndexOf("probabilities");
        float[] scores = Floats(response.RawOutputContents[probabilities]);
        CollectionAssert.AreEqual(new long[] { 2, 10 }, response.Outputs[probabilities].Shape.ToArray());
        Assert.AreEqual(4, ArgMax(scores[..10]));
        Assert.AreEqual(8, ArgMax(scores[10..]));
    }

    [TestMethod]
    public async Task ModelInfer_WithFp32Contents_AndClassification()
    {
        ModelInferRequest request = Request(6);
        request.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { Enumerable.Repeat(OracleModel.Grey(6), FashionMnistImage.Pixels) } };
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities", Parameters = { ["classification"] = new InferParameter { Int64Param = 1 } } });
        ModelInferResponse response = await _client.ModelInferAsync(request);

        Assert.AreEqual("BYTES", response.Outputs.Single().Datatype);
        ByteString raw = response.RawOutputContents.Single();
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(raw.Span);
        Assert.AreEqual(raw.Length - 4, length, "one element: its 4-byte length, then its bytes");
        string[] top = System.Text.Encoding.UTF8.GetString(raw.Span[4..]).Split(':');
        Assert.AreEqual("6", top[1]);
        Assert.AreEqual("Shirt", top[2]);
        Assert.IsGreaterThan(0.9f, float.Parse(top[0], CultureInfo.InvariantCulture));
    }

    [TestMethod]
    [DataRow(new long[] { 1, 1, 27, 28 }, DisplayName = "a shape the model does not take")]
    [DataRow(new long[] { -1, 1, 28, 28 }, DisplayName = "a negative batch")]
    [DataRow(new long[] { 4_611_686_018_427_387_904, 1, 28, 28 }, DisplayName = "a batch whose size overflows when multiplied")]
    public async Task ABadShape_IsInvalidArgument_WithRestsMessage(long[] shape)
    {
        var request = new ModelInferRequest { ModelName = Model, Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { shape } } } };
        request.RawInputContents.Add(Raw(1));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(request));
        Assert.AreEqual(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the model takes [N,1,28,28] with N from 1 to", error.Status.Detail);
    }

    [TestMethod]
    public async Task RawContentsOfTheWrongLength_AreInvalidArgument()
    {
        ModelInferRequest request = Request(1);
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[12]));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(request));
        Assert.AreEqual(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("12 bytes of raw data", error.Status.Detail);
    }

    [TestMethod]
    public async Task RawContentsHoldingNaN_AreInvalidArgument_NamingTheElement()
    {
        ModelInferRequest request = Request(1);
        byte[] raw = Raw(1).ToByteArray();
        BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * 100), float.NaN);
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(request));
        Assert.AreEqual(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("a value at element 100 that is not a finite number", error.Status.Detail);
    }

    [TestMethod]
    public async Task AnUnknownModelOrVersion_IsNotFound()
    {
        var model = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelMetadataAsync(new ModelMetadataRequest { Name = "resnet" }));
        Assert.AreEqual(StatusCode.NotFound, model.StatusCode);
        Assert.Contains("Unknown model 'resnet'", model.Status.Detail);

        ModelInferRequest request = Request(1);
        request.ModelVersion = "7";
        request.RawInputContents.Add(Raw(1));
        var version = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelInferAsync(request));
        Assert.AreEqual(StatusCode.NotFound, version.StatusCode);

        var ready = await Assert.ThrowsAsync<RpcException>(async () => await _client.ModelReadyAsync(new ModelReadyRequest { Name = "resnet" }));
        Assert.AreEqual(StatusCode.NotFound, ready.StatusCode);
    }
}
