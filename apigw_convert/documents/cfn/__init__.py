"""The CloudFormation wing of whole documents: a template's REST API read into the neutral
:class:`~apigw_convert.documents.model.Api` (:mod:`.reader`, with :mod:`.api` for the RestApi, models,
authorizers, validators and gateway responses, :mod:`.methods` for the Method resources, :mod:`.base` for the
template being read) and written back as resources (:mod:`.writer`). The writer imports no reader.
"""
