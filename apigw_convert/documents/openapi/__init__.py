"""The OpenAPI wing of whole documents: a Swagger 2.0 / OpenAPI 3.0 document read into the neutral
:class:`~apigw_convert.documents.model.Api` (:mod:`.reader`, with :mod:`.operations` for operations) and
written back (:mod:`.writer`, with :mod:`.operation_writer`); :mod:`.shapes` holds what both sides share
(versions, ``$ref`` prefixes, security schemes). No writer imports a reader.
"""
