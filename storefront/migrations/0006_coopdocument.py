"""The co-op's documents move to a model of the project's own, kept in the private storage (storefront.media).

Documents already uploaded come along with their ids (rich text links to them by id), tags and files, which move from
the public media to the private storage; groups keep the same document permissions, on the same collections.
"""

import django.db.models.deletion
import modelsearch.index
import storefront.media
import taggit.managers
import wagtail.models.media
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import migrations, models

ACTIONS = ("add", "change", "delete", "choose")


def move_documents(apps, schema_editor):
    Old, New = apps.get_model("wagtaildocs", "Document"), apps.get_model("storefront", "CoopDocument")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    old_type = ContentType.objects.get_for_model(Old)
    new_type = ContentType.objects.get_for_model(New)
    for action in ACTIONS:
        new, _ = Permission.objects.get_or_create(content_type=new_type, codename=f"{action}_coopdocument",
                                                  defaults={"name": f"Can {action} document"})
        old = Permission.objects.filter(content_type=old_type, codename=f"{action}_document").first()
        if old is None:
            continue
        for granted in GroupCollectionPermission.objects.filter(permission=old):
            GroupCollectionPermission.objects.get_or_create(group=granted.group, collection=granted.collection,
                                                            permission=new)
        for group in old.group_set.all():
            group.permissions.add(new)
    for old in Old.objects.all():
        new = New(id=old.id, title=old.title, created_at=old.created_at, uploaded_by_user=old.uploaded_by_user,
                  collection=old.collection, file_size=old.file_size, file_hash=old.file_hash, file=old.file.name)
        if old.file.name and default_storage.exists(old.file.name):
            with default_storage.open(old.file.name) as content:
                new.file.save(old.file.name.removeprefix("documents/"), content, save=False)
        new.save()
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)  # auto_now_add set it to now
        TaggedItem.objects.filter(content_type=old_type, object_id=old.id).update(content_type=new_type)
        if old.file.name:
            default_storage.delete(old.file.name)
        old.delete()
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('storefront', '0005_sanitise_rich_text'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='CoopDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('file_size', models.PositiveBigIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, editable=False, max_length=40)),
                ('file', models.FileField(storage=storefront.media.private_storage, upload_to='documents', verbose_name='file')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'permissions': [('choose_document', 'Can choose document')],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.RunPython(move_documents, migrations.RunPython.noop),
    ]
